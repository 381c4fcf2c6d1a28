package book

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"keycard/accounts"
	"keycard/atomicfile"
	"keycard/bundle"
	"keycard/demo"
	"keycard/documents"
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

// ExportDocument prints account id's document of kind (KindPlan or
// KindBrief) to path.
func (b *Book) ExportDocument(path string, id accounts.ID, kind string, o DocumentOptions) error {
	d, err := b.LoadAccount(id)
	if err != nil {
		return err
	}
	return printDocument(path, kind, d, o)
}

// printDocument renders one document of d to path atomically.
func printDocument(path, kind string, d *accounts.AccountData, o DocumentOptions) error {
	render := documents.AccountPlan
	if kind == KindBrief {
		render = documents.VisitBrief
	}
	// A document to share, so readable by others, unlike a bundle.
	return atomicfile.Write(path, 0o644, func(wr io.Writer) error {
		return render(wr, d, o)
	})
}

// ExportPlans prints the plan of every account (of owner, if given) into
// dir, one file each; n counts the files written. On failure, failed is the
// file being written, and the files before it stay.
func (b *Book) ExportPlans(dir, owner string, o DocumentOptions) (n int, failed string, err error) {
	sums, err := b.Summaries()
	if owner != "" {
		sums, err = b.SummariesByOwner(owner)
	}
	if err != nil {
		return 0, "", err
	}
	used := map[string]bool{}
	for _, s := range sums {
		d, err := b.LoadAccount(s.ID)
		if err != nil {
			return n, "", err
		}
		name := documents.PlanFileName(d.Account, KindPlan, o.Now)
		// Two accounts of the same name must not overwrite each other.
		if used[name] {
			id := strings.ReplaceAll(string(d.Account.ID), "-", "")
			name = strings.TrimSuffix(name, ".pdf") + "-" + id[max(0, len(id)-8):] + ".pdf"
		}
		used[name] = true
		failed = filepath.Join(dir, name)
		if err := printDocument(failed, KindPlan, d, o); err != nil {
			return n, failed, err
		}
		n++
	}
	return n, "", nil
}

// ExportDossiers prints the handover dossier of each account of data for
// handover h into dir and returns the files written.
func ExportDossiers(dir string, data []*accounts.AccountData, h accounts.Handover, o DocumentOptions) ([]string, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, accounts.Errorf(accounts.ENOTFOUND, "handover.no_folder", "Dir", dir)
	}
	var paths []string
	for _, d := range data {
		p := filepath.Join(dir, documents.PlanFileName(d.Account, "dossier", o.Now))
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
// bundle at path.
func (b *Book) WriteBundle(path string, ids []accounts.ID, o BundleOptions) (Manifest, error) {
	data := make([]accounts.AccountData, 0, len(ids))
	for _, id := range ids {
		d, err := b.LoadAccount(id)
		if err != nil {
			return Manifest{}, err
		}
		data = append(data, *d)
	}
	var m Manifest
	err := writePrivate(path, func(w io.Writer) error {
		var werr error
		m, werr = bundle.Write(w, data, o)
		return werr
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

// LoadDemo adds the demo portfolio (thirty made-up accounts of the book's
// day) for a first look at Keycard.
func (b *Book) LoadDemo(src Source) (Change, error) {
	return b.AddAccounts(src, demo.Generate(demo.Options{Seed: 1, Now: b.now()}))
}

// writePrivate writes a file so that a failure never leaves half a file
// where a good one was. Bundles and dossiers carry customer data, so the
// file is readable by its owner only.
func writePrivate(path string, write func(io.Writer) error) error {
	err := atomicfile.Write(path, 0o600, write)
	var fe *atomicfile.Error
	var ae *accounts.Error
	switch {
	case errors.As(err, &fe) && errors.Is(err, atomicfile.ErrIsFolder):
		return &accounts.Error{Code: accounts.EINVALID, Msg: fe.Phrase(), Err: err}
	case errors.As(err, &fe):
		return &accounts.Error{Code: accounts.EINTERNAL, Msg: fe.Phrase(), Err: err}
	case err != nil && !errors.As(err, &ae):
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err,
			Msg: accounts.Say("file.write_failed", "Path", path)}
	}
	return err
}
