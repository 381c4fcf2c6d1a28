//go:build !unix

package storage

import "os"

// mapFile is not used here: the structure walk reads the file in blocks.
func mapFile(*os.File, int64) ([]byte, func(), bool) { return nil, nil, false }
