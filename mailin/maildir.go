package mailin

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"loket/internal/errs"
)

// MaildirEntry is one message file in a Maildir (new/ or cur/).
type MaildirEntry struct {
	Dir    string // the Maildir itself, holding new/ and cur/
	Folder string // "new" or "cur"
	Name   string // file name, with its ":2,FLAGS" info when in cur/
}

// Path is where the file is now.
func (e MaildirEntry) Path() string { return filepath.Join(e.Dir, e.Folder, e.Name) }

// ReadMaildir lists the messages in dir/new and dir/cur, sorted by name;
// Maildir names start with the delivery time, so this is roughly arrival order.
func ReadMaildir(dir string) ([]MaildirEntry, error) {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil, errs.E(errs.Invalid, "maildir %q does not exist or is not a folder", dir)
	}
	var entries []MaildirEntry
	for _, folder := range []string{"new", "cur"} {
		files, err := os.ReadDir(filepath.Join(dir, folder))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errs.E(errs.Invalid, "%q is not a maildir: it has no %s/ folder", dir, folder)
		}
		if err != nil {
			return nil, errs.Wrap(err, errs.Internal, "cannot list maildir "+dir)
		}
		for _, f := range files {
			// Dot files are not messages (Maildir++ keeps its state in them).
			if f.Type().IsRegular() && !strings.HasPrefix(f.Name(), ".") {
				entries = append(entries, MaildirEntry{Dir: dir, Folder: folder, Name: f.Name()})
			}
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	return entries, nil
}

// Open opens the message file for Parse.
func (e MaildirEntry) Open() (io.ReadCloser, error) {
	f, err := os.Open(e.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errs.Wrap(err, errs.NotFound, "message "+e.Name+" is no longer in the maildir")
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "cannot open message "+e.Name)
	}
	return f, nil
}

// MarkSeen moves the file to cur/ with the S (seen) flag, as any Maildir
// reader does once it has taken a message. The entry is not updated; list
// the Maildir again to see the new name.
func (e MaildirEntry) MarkSeen() error {
	target := filepath.Join(e.Dir, "cur", withSeenFlag(e.Name))
	if e.Folder == "cur" && target == e.Path() {
		return nil
	}
	err := os.Rename(e.Path(), target)
	if errors.Is(err, fs.ErrNotExist) {
		return errs.Wrap(err, errs.NotFound, "message "+e.Name+" is no longer in the maildir")
	}
	if err != nil {
		return errs.Wrap(err, errs.Internal, "cannot mark message "+e.Name+" as seen")
	}
	return nil
}

// withSeenFlag adds S to the ":2,FLAGS" info of a Maildir file name,
// keeping the flags in ASCII order as the Maildir specification asks.
func withSeenFlag(name string) string {
	unique, flags, hasInfo := strings.Cut(name, ":2,")
	if !hasInfo {
		unique, _, _ = strings.Cut(name, ":")
		return unique + ":2,S"
	}
	if strings.Contains(flags, "S") {
		return name
	}
	letters := strings.Split(flags+"S", "")
	sort.Strings(letters)
	return unique + ":2," + strings.Join(letters, "")
}
