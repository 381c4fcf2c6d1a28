package ui

import (
	"bytes"
	"fyne.io/fyne/v2/lang"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/storage"
)

// startWizard opens a new handover wizard and picks owner in step 1.
func startWizard(t *testing.T, w *MainWindow, owner string) *handoverWizard {
	t.Helper()
	z := w.newHandoverWizard(nil)
	z.show()
	w.wait()
	z.from.SetSelected(owner)
	w.wait()
	if len(z.rows) == 0 {
		t.Fatalf("picking %s listed no accounts", owner)
	}
	return z
}

// busiestOwner is the demo owner with the most accounts.
func busiestOwner(t *testing.T, s *storage.Store) string {
	t.Helper()
	n := map[string]int{}
	best := ""
	for _, r := range summaries(t, s) {
		n[r.Owner]++
		if n[r.Owner] > n[best] {
			best = r.Owner
		}
	}
	return best
}

func TestHandoverWizardChangesOwnersAndWritesHistory(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	from := busiestOwner(t, s)
	z := startWizard(t, w, from)
	if z.progress.Text != lang.L("handover.progress", map[string]any{"Step": 1, "Of": 5}) {
		t.Errorf("progress reads %q", z.progress.Text)
	}
	test.Type(z.reason, "Leaves the company")
	test.Tap(z.next)
	if z.step != 1 {
		t.Fatalf("Next from step 1 went to step %d", z.step+1)
	}
	// Next without successors is refused with a sentence.
	test.Tap(z.next)
	if z.step != 1 || !says(t, z.status.Text, "handover.err.successor") {
		t.Fatalf("missing successors: step %d, status %q", z.step+1, z.status.Text)
	}
	kept := z.rows[len(z.rows)-1]
	test.Tap(kept.pick) // untick: stays with the departing owner
	test.Type(z.oneForAll, "Zhang Min")
	test.Tap(z.applyAll)
	test.Tap(z.next)
	if z.step != 2 {
		t.Fatalf("step 2 → %d, status %q", z.step+1, z.status.Text)
	}
	first := z.current
	test.Type(z.notes, "Promised a 5% discount on the renewal.")
	var introduced accounts.ID
	if len(first.checks) > 0 {
		test.Tap(first.checks[0])
		introduced = first.key[0].ID
	}
	test.Tap(z.next) // step 4: dossiers
	dir := t.TempDir()
	z.writeDossiers(dir, nil)
	w.wait()
	if len(z.generated) != len(z.rows)-1 {
		t.Fatalf("wrote %d dossiers for %d accounts; status %q", len(z.generated), len(z.rows)-1, z.status.Text)
	}
	b, err := os.ReadFile(z.generated[0])
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("dossier %s is not a PDF (%v)", z.generated[0], err)
	}
	test.Tap(z.next) // step 5: review
	if !strings.Contains(z.review.Text, "Zhang Min") {
		t.Errorf("review does not name the successor: %q", z.review.Text)
	}
	test.Tap(z.next) // Complete handover
	w.wait()
	if !z.done || !strings.Contains(z.result.Text, "Zhang Min") || !strings.Contains(z.result.Text, from) {
		t.Fatalf("after confirming: done %v, result %q, status %q", z.done, z.result.Text, z.status.Text)
	}

	moved := 0
	for _, r := range z.rows {
		a, err := s.Account(r.sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r == kept {
			if a.Owner != from {
				t.Errorf("unticked %s changed owner to %s", a.Name, a.Owner)
			}
			continue
		}
		moved++
		if a.Owner != "Zhang Min" {
			t.Errorf("%s is owned by %s, want Zhang Min", a.Name, a.Owner)
		}
		if len(a.OwnerHistory) == 0 {
			t.Fatalf("%s has no ownership history", a.Name)
		}
		h := a.OwnerHistory[len(a.OwnerHistory)-1]
		if h.From != from || h.To != "Zhang Min" || h.Reason != "Leaves the company" || h.HandoverID != z.h.ID {
			t.Errorf("%s history = %+v", a.Name, h)
		}
	}
	stored, err := s.Handover(z.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != accounts.HandoverDone || len(stored.Accounts) != moved {
		t.Fatalf("stored handover: status %s, %d accounts, want done with %d", stored.Status, len(stored.Accounts), moved)
	}
	for _, ha := range stored.Accounts {
		if ha.AccountID != first.sum.ID {
			continue
		}
		if ha.Notes != "Promised a 5% discount on the renewal." {
			t.Errorf("stored notes %q", ha.Notes)
		}
		if introduced != "" && (len(ha.Introductions) == 0 || !ha.Introductions[0].Done || ha.Introductions[0].ContactID != introduced) {
			t.Errorf("introduction not recorded: %+v", ha.Introductions)
		}
	}
	// the departing owner's open follow-ups went with the accounts
	ups, err := s.FollowUps(accounts.Date{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ups {
		if f.AccountID != kept.sum.ID && f.Owner == "Zhang Min" && strings.EqualFold(f.Step.Owner, from) {
			t.Errorf("open step %q of %s still belongs to %s", f.Step.Text, f.AccountName, from)
		}
	}
}

func TestHandoverDraftResumesWithNotes(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	from := busiestOwner(t, s)
	z := startWizard(t, w, from)
	test.Type(z.reason, "Moves to the northern region")
	test.Tap(z.next)
	test.Type(z.oneForAll, "Wang Fang")
	test.Tap(z.applyAll)
	test.Tap(z.next)
	test.Type(z.notes, "Their CFO dislikes phone calls; write first.")
	test.Tap(z.later)
	w.wait()

	hs, err := s.Handovers()
	if err != nil || len(hs) != 1 || hs[0].Status != accounts.HandoverDraft {
		t.Fatalf("stored handovers = %+v, %v; want one draft", hs, err)
	}
	for _, a := range summaries(t, s) {
		if a.Owner == "Wang Fang" {
			t.Fatalf("a draft changed the owner of %s", a.Name)
		}
	}

	var ch *handoverChooser
	w.chooseHandover(func(c *handoverChooser) { ch = c })
	w.wait()
	if ch == nil || len(ch.resume) != 1 {
		t.Fatalf("File → Hand over accounts… should offer the one draft, got %+v", ch)
	}
	test.Tap(ch.resume[0])
	w.wait()
	r := ch.opened
	if r.owner != from || r.reason.Text != "Moves to the northern region" || r.step != 1 {
		t.Fatalf("resumed: owner %q reason %q step %d", r.owner, r.reason.Text, r.step+1)
	}
	for _, row := range r.picked() {
		if row.to.Text != "Wang Fang" {
			t.Fatalf("resumed %s with successor %q", row.sum.Name, row.to.Text)
		}
	}
	test.Tap(r.next)
	if r.step != 2 || r.notes.Text != "Their CFO dislikes phone calls; write first." {
		t.Fatalf("resumed notes = %q at step %d", r.notes.Text, r.step+1)
	}
	test.Tap(r.next)
	test.Tap(r.next)
	test.Tap(r.next)
	w.wait()
	if !r.done {
		t.Fatalf("completing the resumed draft failed: %q", r.status.Text)
	}
	h, err := s.Handover(hs[0].ID)
	if err != nil || h.Status != accounts.HandoverDone {
		t.Fatalf("the draft was not completed in place: %+v %v", h, err)
	}
}

// TestHandoverScreenshots saves each step as a PNG when KEYCARD_SHOTS names
// a folder; they are looked at, not compared.
func TestHandoverScreenshots(t *testing.T) {
	out := os.Getenv("KEYCARD_SHOTS")
	if out == "" {
		t.Skip("set KEYCARD_SHOTS to a folder to save screenshots")
	}
	s := demoStore(t)
	w := newTestWindow(t, s)
	z := startWizard(t, w, busiestOwner(t, s))
	shot := func(name string) {
		w.wait()
		img := w.win.Canvas().Capture()
		savePNG(t, filepath.Join(out, name), img)
	}
	test.Type(z.reason, "Leaves the company on 31 December")
	shot("handover-1.png")
	test.Tap(z.next)
	z.rows[0].to.SetText("Zhang Min")
	shot("handover-2.png")
	test.Type(z.oneForAll, "Zhang Min")
	test.Tap(z.applyAll)
	test.Tap(z.next)
	test.Type(z.notes, "Relationship history: met the CFO at the 2024 trade fair.")
	if len(z.current.checks) > 0 {
		test.Tap(z.current.checks[0])
	}
	shot("handover-3.png")
	z.accList.Select(1) // an account without notes shows the prompts
	shot("handover-3b.png")
	test.Tap(z.next)
	z.writeDossiers(t.TempDir(), nil)
	shot("handover-4.png")
	test.Tap(z.next)
	shot("handover-5.png")
	test.Tap(z.next)
	shot("handover-6-done.png")
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
