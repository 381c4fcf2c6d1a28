package book

import (
	"testing"
	"time"
)

// A manager's review of a rep's account reaches the rep's laptop (the
// comment on the account and on Today) and not the other rep's; it goes up
// once and is not queued again when it comes back to the manager.
func TestTeamReviewReachesTheRep(t *testing.T) {
	tm := newTeam(t)
	ana, bo, mia := tm.laptop("ana"), tm.laptop("bo"), tm.laptop("mia")
	a := ownAccount(t, ana, "华东精密", "王芳")
	syncOK(t, "ana", ana)
	syncOK(t, "mia", mia)
	if _, _, err := mia.MarkReviewed(CLI, a.ID, "张敏", "请补上财务总监"); err != nil {
		t.Fatal(err)
	}
	if rep := syncOK(t, "mia", mia); rep.Up != 1 {
		t.Errorf("the manager's round sent %d records, want the review", rep.Up)
	}
	if st := mia.TeamStatus(); st.Waiting != 0 {
		t.Errorf("the manager still has %d waiting", st.Waiting)
	}
	syncOK(t, "ana", ana)
	syncOK(t, "bo", bo)
	r, ok, err := ana.LatestComment(a.ID)
	if err != nil || !ok || r.Comment != "请补上财务总监" || r.Reviewer != "张敏" {
		t.Fatalf("the rep's latest comment: %+v %v %v", r, ok, err)
	}
	today, err := ana.ReviewComments(time.Time{})
	if err != nil || len(today) != 1 {
		t.Fatalf("the rep's comments on Today: %+v %v", today, err)
	}
	if st := ana.TeamStatus(); st.Waiting != 0 {
		t.Errorf("the rep queued %d records after the pull", st.Waiting)
	}
	if _, ok, _ := bo.LatestComment(a.ID); ok {
		t.Fatal("the other rep sees the review")
	}
	syncOK(t, "mia", mia)
	rs, err := mia.st().Reviews(a.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("the manager has %d reviews (%v), want 1", len(rs), err)
	}
	for who, b := range map[string]*Book{"ana": ana, "bo": bo, "mia": mia} {
		checkClean(t, who, b)
	}
}
