package book

import (
	"os"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// These benchmarks run on the generated large data set (10,000 accounts,
// 150,000 contacts, 1,000,000 visits) when KEYCARD_BIG_DB names it:
//
//	keycardctl --db big.db generate
//	KEYCARD_BIG_DB=$PWD/big.db go test -tags migrated_fynedo -run '^$' -bench 'WeekRoute|RegionPlan' -benchtime 3x ./book/
//
// Each use case stands beside its raw floor: a plain read of the same
// accounts (each loaded whole) without the rules, so the figures say what
// the use case costs beyond reading.
func bigBook(b *testing.B) *Book {
	path := os.Getenv("KEYCARD_BIG_DB")
	if path == "" {
		b.Skip("set KEYCARD_BIG_DB to a database made by keycardctl generate")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	// The set was generated for the day it was made: plan the week of that day.
	day := fi.ModTime()
	bk, err := Open(path, Options{Now: func() time.Time { return day }}, storage.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bk.Close() })
	return bk
}

const benchOwner = "Li Wei"

func BenchmarkWeekRoute(b *testing.B) {
	bk := bigBook(b)
	week := accounts.ISOWeekOf(bk.Today())
	var stops int
	for b.Loop() {
		r, err := bk.WeekRoute(benchOwner, week)
		if err != nil {
			b.Fatal(err)
		}
		stops = len(r.NotPlaced)
		for _, d := range r.Days {
			stops += len(d.Stops)
		}
	}
	b.ReportMetric(float64(stops), "stops")
}

// The floor: the owner's summaries and every one of those accounts loaded.
func BenchmarkWeekRouteFloorLoadOwner(b *testing.B) {
	bk := bigBook(b)
	var n int
	for b.Loop() {
		sums, err := bk.SummariesByOwner(benchOwner)
		if err != nil {
			b.Fatal(err)
		}
		n = len(sums)
		for _, s := range sums {
			if _, err := bk.LoadAccount(s.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n), "accounts")
}

func BenchmarkRegionPlan(b *testing.B) {
	bk := bigBook(b)
	var rows int
	for b.Loop() {
		v, err := bk.RegionPlan(benchRegion(b, bk), bk.Today().Time().Year()+1)
		if err != nil {
			b.Fatal(err)
		}
		rows = len(v.Rows)
	}
	b.ReportMetric(float64(rows), "accounts")
}

// The floor: every summary read, the region's accounts loaded whole.
func BenchmarkRegionPlanFloorLoadRegion(b *testing.B) {
	bk := bigBook(b)
	region := benchRegion(b, bk)
	var n int
	for b.Loop() {
		sums, err := bk.Summaries()
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for _, s := range sums {
			if !strings.EqualFold(s.Region, region) {
				continue
			}
			n++
			if _, err := bk.LoadAccount(s.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n), "accounts")
}

// benchRegion is the region of the first account in the book: the demo
// generator's and the large set's regions differ.
func benchRegion(b *testing.B, bk *Book) string {
	b.Helper()
	sums, err := bk.Summaries()
	if err != nil || len(sums) == 0 {
		b.Fatalf("no accounts to find a region in (%v)", err)
	}
	for _, s := range sums {
		if s.Region != "" {
			return s.Region
		}
	}
	b.Fatal("no account has a region")
	return ""
}
