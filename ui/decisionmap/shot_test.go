package decisionmap

import (
	"encoding/json"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"keycard/assets"
)

// shotTheme is the default theme with Keycard's Latin+Chinese font, so the
// captures show what users see.
type shotTheme struct{ fyne.Theme }

func (t shotTheme) Font(fyne.TextStyle) fyne.Resource {
	return fyne.NewStaticResource("wqy-microhei.ttf", assets.FontRegular)
}

func (t shotTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// zhStrings are the Chinese texts of the map's own words, loaded for the
// Chinese captures (the app loads them from assets/lang).
var zhStrings = map[string]string{
	"map.arrange":                 "自动排列",
	"map.add_link":                "添加影响关系",
	"map.cancel_link":             "取消连线",
	"map.link_pick_from":          "请点击施加影响的人",
	"map.link_pick_to":            "再点击受{{.Name}}影响的人",
	"map.highlight_none":          "突出显示：无",
	"map.highlight_stale":         "90 天未见面",
	"map.highlight_attitude":      "态度：{{.Name}}",
	"map.highlight_role":          "角色：{{.Name}}",
	"map.legend_reports":          "汇报关系",
	"map.legend_influence":        "影响关系",
	"map.legend_influence_weight": "影响力 1–5",
	"map.seat":                    "待确定席位",
	"map.never_met":               "从未见面",
	"map.met_today":               "今天见过",
	"map.met_days":                "{{.Days}} 天前见过",
	"map.trust":                   "信任：{{.Level}}",
	"map.left":                    "已离职",
	"map.menu_edit":               "编辑",
	"map.menu_link":               "从此人开始连线",
	"map.menu_delete":             "删除…",
}

// TestDecisionMapScreenshots writes captures of a 12-person and a
// 150-person map to $KEYCARD_DM_SHOTS for a person to look at. Run it with
// LANG=zh_CN.UTF-8 and KEYCARD_DM_LANG=zh for the Chinese ones.
func TestDecisionMapScreenshots(t *testing.T) {
	dir := os.Getenv("KEYCARD_DM_SHOTS")
	if dir == "" {
		t.Skip("set KEYCARD_DM_SHOTS to a folder to write the map's screenshots")
	}
	l := os.Getenv("KEYCARD_DM_LANG")
	if l == "" {
		l = "en"
	}
	if l == "zh" {
		data, _ := json.Marshal(zhStrings)
		if err := lang.AddTranslationsForLocale(data, fyne.Locale("zh-Hans")); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string, w fyne.Window) {
		t.Helper()
		f, err := os.Create(filepath.Join(dir, "dm-"+name+"-"+l+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}

	r := newRig(t, l)
	fyne.CurrentApp().Settings().SetTheme(shotTheme{theme.DefaultTheme()})
	cs, links, visits := smallCentre()
	r.m.SetData(cs, links, visits, nil)
	r.w.Resize(fyne.NewSize(1500, 560))
	shot("12", r.w)
	r.m.SetHighlight(Highlight{NotMetRecently: true})
	shot("12-stale", r.w)
	r.m.SetHighlight(Highlight{})
	r.m.StartLink()
	test.TapCanvas(r.w.Canvas(), r.centre(cs[2].ID))
	r.m.scroll.ScrollToOffset(fyne.Position{})
	test.TapSecondaryAt(r.m.byID[cs[9].ID], fyne.NewPos(60, 40))
	shot("12-link-menu", r.w)
	r.w.Canvas().Overlays().Remove(r.w.Canvas().Overlays().Top())
	r.m.cancelLink()
	r.m.Zoom(1 / zoomStep)
	shot("12-zoom80", r.w)

	r2 := newRig(t, l)
	fyne.CurrentApp().Settings().SetTheme(shotTheme{theme.DefaultTheme()})
	cs, links, visits = generated(150, 7)
	r2.m.SetData(cs, links, visits, nil)
	r2.w.Resize(fyne.NewSize(1400, 900))
	shot("150", r2.w)
	r2.m.Fit()
	shot("150-fit", r2.w)
	if strings.Contains(os.Getenv("KEYCARD_DM_SHOTS_MORE"), "half") {
		r2.m.ResetView()
		r2.m.Zoom(0.5)
		shot("150-half", r2.w)
	}
}
