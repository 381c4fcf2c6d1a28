package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"keycard/accounts"
	"keycard/book"
)

var routeCommand = command{
	name:    "route",
	args:    "--owner NAME --week YYYY-Www [-o FILE|DIR] [--lang en|zh]",
	summary: "cli.cmd.route.summary",
	help:    "cli.cmd.route.help",
	run:     runRoute,
}

var regionPlanCommand = command{
	name:    "region-plan",
	args:    "--region NAME --year YYYY -o FILE|DIR [--lang en|zh]",
	summary: "cli.cmd.region_plan.summary",
	help:    "cli.cmd.region_plan.help",
	run:     runRegionPlan,
}

// badInput prints the sentence of a refusal caused by what was typed (a
// week that is no week, an owner or region nobody has, a year out of
// range) and returns exitUsage: nothing was written.
func (e *env) badInput(err error) int {
	e.fail(err)
	return exitUsage
}

// typedWrong says whether err is a refusal of what was typed rather than a
// failure of the database or the disk.
func typedWrong(err error) bool {
	var ae *accounts.Error
	return errors.As(err, &ae) && (ae.Code == accounts.EINVALID || ae.Code == accounts.ENOTFOUND)
}

func runRoute(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.route.owner"))
	weekArg := fs.String("week", "", tr("cli.flag.route.week"))
	out := fs.String("o", "", tr("cli.flag.route.o"))
	langArg := fs.String("lang", "", tr("cli.flag.plan.lang"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if strings.TrimSpace(*owner) == "" || strings.TrimSpace(*weekArg) == "" {
		return e.usageError("%s", tr("cli.usage.missing", "Arg", "--owner NAME --week YYYY-Www"))
	}
	l, ok := parseLang(*langArg)
	if !ok {
		return e.badInput(accounts.Errorf(accounts.EINVALID, "cli.bad_lang", "Value", *langArg))
	}
	week, err := accounts.ParseISOWeek(*weekArg)
	if err != nil {
		return e.badInput(err)
	}
	b, err := e.reader()
	if err != nil {
		return e.fail(err)
	}
	defer b.Close()
	r, err := b.WeekRoute(*owner, week)
	switch {
	case typedWrong(err):
		return e.badInput(err)
	case err != nil:
		return e.fail(err)
	case *out == "":
		printRoute(e, r)
		return exitOK
	}
	path, err := outPath(*out, book.WeekPlanFileName(r))
	if err == nil {
		err = b.ExportWeekPlan(r, l, path)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, path)
	return exitOK
}

// printRoute writes the route as text: a line per day, a line per stop
// with its place and reasons, and the stops not placed.
func printRoute(e *env, r accounts.Route) {
	fri := r.Week.Monday().AddDays(accounts.RouteWorkDays - 1)
	fmt.Fprintln(e.stdout, tr("cli.route.head", "Owner", r.Owner, "Week", r.Week.String(), "From", r.Week.Monday(), "To", fri))
	stop := func(s accounts.RouteStop) {
		reasons := make([]string, len(s.Reasons))
		for i, p := range s.Reasons {
			reasons[i] = say(p)
		}
		place := strings.Trim(s.Region+" · "+s.City, " ·")
		fmt.Fprintf(e.stdout, "  %s  [%s]  %s\n", s.Name, orDash(place), strings.Join(reasons, "; "))
	}
	for _, d := range r.Days {
		fmt.Fprintf(e.stdout, "\n%s %s\n", tr(fmt.Sprintf("doc.weekday%d", (int(d.Date.Time().Weekday())+6)%7)), d.Date)
		if len(d.Stops) == 0 {
			fmt.Fprintln(e.stdout, "  "+tr("doc.freeDay"))
		}
		for _, s := range d.Stops {
			stop(s)
		}
	}
	if len(r.NotPlaced) > 0 {
		fmt.Fprintln(e.stdout, "\n"+tr("doc.notPlaced"))
		for _, s := range r.NotPlaced {
			stop(s)
		}
	}
}

func runRegionPlan(e *env, args []string) int {
	fs := e.flags()
	region := fs.String("region", "", tr("cli.flag.region_plan.region"))
	year := fs.Int("year", 0, tr("cli.flag.region_plan.year"))
	out := fs.String("o", "", tr("cli.flag.region_plan.o"))
	langArg := fs.String("lang", "", tr("cli.flag.plan.lang"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if strings.TrimSpace(*region) == "" || *year == 0 || *out == "" {
		return e.usageError("%s", tr("cli.usage.missing", "Arg", "--region NAME --year YYYY -o FILE|DIR"))
	}
	l, ok := parseLang(*langArg)
	if !ok {
		return e.badInput(accounts.Errorf(accounts.EINVALID, "cli.bad_lang", "Value", *langArg))
	}
	b, err := e.reader()
	if err != nil {
		return e.fail(err)
	}
	defer b.Close()
	v, err := b.RegionPlan(*region, *year)
	switch {
	case typedWrong(err):
		return e.badInput(err)
	case err != nil:
		return e.fail(err)
	}
	path, err := outPath(*out, book.RegionPlanFileName(v))
	if err == nil {
		err = b.ExportRegionPlan(v, l, path)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, path)
	return exitOK
}

// outPath is out itself, or, when out is a folder (an existing one, or one
// named with a trailing separator, then created), the usual name in it.
func outPath(out, name string) (string, error) {
	if !isDir(out) && !strings.HasSuffix(out, string(os.PathSeparator)) && !strings.HasSuffix(out, "/") {
		return out, nil
	}
	if err := book.MakeFolder(out); err != nil {
		return "", err
	}
	return filepath.Join(out, name), nil
}
