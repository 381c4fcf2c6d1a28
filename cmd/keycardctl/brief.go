package main

import "keycard/book"

var briefCommand = command{
	name:    "brief",
	args:    "(ACCOUNT | --all [--owner NAME]) [-o FILE|DIR] [--lang en|zh] [--paper A4|Letter] [--private]",
	summary: "cli.cmd.brief.summary",
	help:    "cli.cmd.brief.help",
	run:     func(e *env, args []string) int { return runDocument(e, args, book.KindBrief) },
}
