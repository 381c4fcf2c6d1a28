// Command keycardctl is Keycard's headless admin tool: demo data, the
// portfolio list, one account's card, backups, restore, the integrity check,
// statistics and the large benchmark data set. It is pure Go, so it builds
// without cgo and runs where no display is available (scripts, CI, servers).
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
