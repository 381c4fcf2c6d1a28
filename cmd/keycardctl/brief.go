package main

import "keycard/documents"

var briefCommand = command{
	name:    "brief",
	args:    "(ACCOUNT | --all [--owner NAME]) [-o FILE|DIR] [--lang en|zh] [--paper A4|Letter] [--private]",
	summary: "print the one- or two-page PDF visit brief of an account",
	help: "The brief is for the evening before a visit: who will be there and how to work\n" +
		"with them, what was promised last time, open follow-ups, live warning signs and\n" +
		"talking points. ACCOUNT and the flags work as for keycardctl plan; the usual file\n" +
		"name is brief-NAME-DATE.pdf.",
	run: func(e *env, args []string) int { return runDocument(e, args, "brief", documents.VisitBrief) },
}
