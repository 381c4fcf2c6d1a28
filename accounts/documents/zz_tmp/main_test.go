package ftest
import ("testing";"time";"bytes";"keycard/assets";"github.com/jung-kurt/gofpdf")
func TestX(t *testing.T){
 for i:=0;i<3;i++{
 t0:=time.Now()
 p:=gofpdf.New("P","mm","A4","")
 p.AddUTF8FontFromBytes("wqy","",assets.FontRegular)
 t1:=time.Now()
 p.SetFont("wqy","",10); p.AddPage(); p.CellFormat(0,10,"Hello 你好世界 华东精密制造","",1,"L",false,0,"")
 var b bytes.Buffer; err:=p.Output(&b)
 t.Log(time.Since(t0), t1.Sub(t0), b.Len(), err)
 }
}
