//go:build !windows

package atomicfile

// heldByAnotherProgram is never so outside Windows: a rename replaces a
// file that another program has open, which keeps reading the old one.
func heldByAnotherProgram(error) bool { return false }
