package book

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"

	"keycard/accounts"
	"keycard/atomicfile"
	"keycard/bundle"
	"keycard/documents"
	"keycard/storage"
)

// This file holds the use cases that write or read whole files: PDF
// documents, handover dossiers, bundles and the demo portfolio. Every file
// is written whole or not at all (atomicfile), so a crash or a full disk
// never leaves half a plan where a good one was.

// Document kinds ExportDocument prints.
const (
	KindPlan  = "plan"
	KindBrief = "brief"
)

// PlanFileName is the file name of a document of kind about account a.
func PlanFileName(a accounts.Account, kind string, o DocumentOptions) string {
	return documents.PlanFileName(a, kind, o.Now)
}

// Print says which document the print use cases write and how; the zero
// value prints plans that others may read.
type Print struct {
	Kind string // KindPlan ("" too) or KindBrief
	// OwnerOnly writes files only their owner may read, as keycardctl has
	// always written them; the app writes documents to share.
	OwnerOnly bool
	// Wrote, if set, is called after each file PrintAll writes, e.g. for a
	// line of progress.
	Wrote func(path string)
}

func (p Print) kind() string {
	if p.Kind == KindBrief {
		return KindBrief
	}
	return KindPlan
}

func (p Print) perm() os.FileMode {
	if p.OwnerOnly {
		return 0o600
	}
	return 0o644
}

// ExportDocument prints account id's document of kind (KindPlan or
// KindBrief) to path.
func (b *Book) ExportDocument(path string, id accounts.ID, kind string, o DocumentOptions) error {
	return b.PrintAccount(path, id, Print{Kind: kind}, o)
}

// PrintAccount prints account id's document to path.
func (b *Book) PrintAccount(path string, id accounts.ID, p Print, o DocumentOptions) error {
	d, err := b.LoadAccount(id)
	if err != nil {
		return err
	}
	if o.Group, err = b.GroupOf(id); err != nil {
		return err
	}
	if o.Rates, err = b.ratesFor(); err != nil {
		return err
	}
	return printDocument(path, p, d, o)
}

// printDocument renders one document of d to path atomically; a failure
// is a phrase naming the document.
func printDocument(path string, p Print, d *accounts.AccountData, o DocumentOptions) error {
	render := documents.AccountPlan
	if p.kind() == KindBrief {
		render = documents.VisitBrief
	}
	failed := accounts.Say("file.print_failed", "Kind", accounts.Phrase{Key: "file.kind." + p.kind()}, "Name", d.Account.Name)
	return writeFile(path, p.perm(), failed, func(wr io.Writer) error {
		return render(wr, d, o)
	})
}

// ExportPlans prints the plan of every account (of owner, if given) into
// dir, one file each; n counts the files written. On failure, failed is the
// file being written, and the files before it stay.
func (b *Book) ExportPlans(dir, owner string, o DocumentOptions) (n int, failed string, err error) {
	return b.PrintAll(dir, owner, Print{}, o)
}

// PrintAll prints the document of every account (of owner, if given) into
// dir, one file each, creating dir when there is something to print; n
// counts the files written. On failure, failed is the file being written,
// and the files before it stay.
func (b *Book) PrintAll(dir, owner string, p Print, o DocumentOptions) (n int, failed string, err error) {
	sums, err := b.Summaries()
	if owner != "" {
		sums, err = b.SummariesByOwner(owner)
	}
	if err != nil || len(sums) == 0 {
		return 0, "", err
	}
	if err := MakeFolder(dir); err != nil {
		return 0, "", err
	}
	all := sums
	if owner != "" { // a group spans owners: its plan names them all
		if all, err = b.Summaries(); err != nil {
			return 0, "", err
		}
	}
	if o.Rates, err = b.ratesFor(); err != nil {
		return 0, "", err
	}
	used := fileNames{}
	for _, s := range sums {
		d, err := b.LoadAccount(s.ID)
		if err != nil {
			return n, "", err
		}
		failed = filepath.Join(dir, used.pick(documents.PlanFileName(d.Account, p.kind(), o.Now), d.Account.ID))
		o.Group = GroupInfoOf(all, s.ID)
		if err := printDocument(failed, p, d, o); err != nil {
			return n, failed, err
		}
		n++
		if p.Wrote != nil {
			p.Wrote(failed)
		}
	}
	return n, "", nil
}

// fileNames hands out the file names of one export into one folder, so
// that no two accounts' documents overwrite each other, also where the
// file system ignores case and Unicode normalisation (NTFS, APFS: "ACME"
// and "Acme", or "Café" typed precomposed and decomposed, are one file).
type fileNames map[string]bool

// pick returns name, or, when it is taken, name with the tail of the
// account's id: the random tail of a UUIDv7 differs even between two
// accounts created in the same millisecond.
func (u fileNames) pick(name string, id accounts.ID) string {
	if u[foldName(name)] {
		tail := strings.ReplaceAll(string(id), "-", "")
		name = strings.TrimSuffix(name, ".pdf") + "-" + tail[max(0, len(tail)-8):] + ".pdf"
	}
	u[foldName(name)] = true
	return name
}

// foldName is how a case- and normalisation-insensitive disk compares names.
func foldName(s string) string { return strings.ToLower(norm.NFC.String(s)) }

// DocumentsFolder is where the person keeps documents (Windows' known
// Documents folder, which follows OneDrive; ~/Documents elsewhere), the
// first folder to suggest for dossiers and plans.
func DocumentsFolder() string { return storage.DocumentsFolder() }

// MakeFolder creates the folder dir (and the folders above it) if it does
// not exist yet.
func MakeFolder(dir string) error {
	// Owner-only: the file names carry customer names. An existing folder
	// keeps its mode.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err,
			Msg: accounts.Say("file.mkdir_failed", "Path", dir)}
	}
	return nil
}

// ExportDossiers prints the handover dossier of each account of data for
// handover h into dir and returns the files written.
func ExportDossiers(dir string, data []*accounts.AccountData, h accounts.Handover, o DocumentOptions) ([]string, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, accounts.Errorf(accounts.ENOTFOUND, "handover.no_folder", "Dir", dir)
	}
	var paths []string
	used := fileNames{}
	for _, d := range data {
		p := filepath.Join(dir, used.pick(documents.PlanFileName(d.Account, "dossier", o.Now), d.Account.ID))
		one := *d
		if err := writePrivate(p, func(w io.Writer) error {
			return documents.HandoverDossier(w, &one, h, o)
		}); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WriteBundle writes the accounts ids, with everything under them, to a
// bundle at path. The accounts are loaded and written one at a time, so
// the export holds one account in memory, not all of them (a sealed
// bundle holds its archive, which it seals whole).
func (b *Book) WriteBundle(path string, ids []accounts.ID, o BundleOptions) (Manifest, error) {
	var m Manifest
	err := writeFile(path, 0o600, accounts.Say("file.bundle_write_failed", "Path", path), func(w io.Writer) error {
		bw := bundle.NewWriter(w, o)
		for _, id := range ids {
			d, err := b.LoadAccount(id)
			if err != nil {
				return err
			}
			if err := bw.Add(d); err != nil {
				return err
			}
		}
		var err error
		m, err = bw.Close()
		return err
	})
	return m, err
}

// IsSealedBundle reports whether the bundle at path is sealed with a
// passphrase (false when it cannot be read: the read says why).
func IsSealedBundle(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	return err == nil && bundle.IsSealed(f, st.Size())
}

// ReadBundle reads the bundle at path, opening it with passphrase if it is
// sealed (an error with code EPASSPHRASE if that is missing or wrong).
func ReadBundle(path, passphrase string) (Manifest, []accounts.AccountData, error) {
	return bundle.ReadFile(path, bundle.ReadOptions{Passphrase: passphrase})
}

// writePrivate writes a file so that a failure never leaves half a file
// where a good one was. Bundles and dossiers carry customer data, so the
// file is readable by its owner only.
func writePrivate(path string, write func(io.Writer) error) error {
	return writeFile(path, 0o600, accounts.Say("file.write_failed", "Path", path), write)
}

// writeFile writes path with mode perm, whole or not at all, and words a
// failure for a person: atomicfile's own phrase for the file system's
// refusals, failed for an error of write without a phrase of its own.
func writeFile(path string, perm os.FileMode, failed accounts.Phrase, write func(io.Writer) error) error {
	err := atomicfile.Write(path, perm, write)
	var fe *atomicfile.Error
	var ae *accounts.Error
	switch {
	// A folder where a file was meant, or a file another program holds
	// open: the person can fix either; neither is the disk's fault.
	case errors.As(err, &fe) && (errors.Is(err, atomicfile.ErrIsFolder) || errors.Is(err, atomicfile.ErrInUse)):
		return &accounts.Error{Code: accounts.EINVALID, Msg: fe.Phrase(), Err: err}
	case errors.As(err, &fe):
		return &accounts.Error{Code: accounts.EINTERNAL, Msg: fe.Phrase(), Err: err}
	case err != nil && !errors.As(err, &ae):
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: failed}
	}
	return err
}

// ratesFor is the exchange-rate table a document converts its totals with.
func (b *Book) ratesFor() (*accounts.Rates, error) {
	r, err := b.Rates()
	if err != nil {
		return nil, fmt.Errorf("read the exchange rates: %w", err)
	}
	return &r, nil
}
