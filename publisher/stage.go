package publisher

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gavel-irc/gavel/internal/atomicfile"
	"github.com/gavel-irc/gavel/sitepath"
)

// A full build writes the site into a new folder beside site.dir (the
// staging folder), with plain writes: no temporary file and rename per
// file, no fsync per file. The site is derived from the store, so none of
// its files needs to be durable on its own: the staging folder is made
// durable once (atomicfile.Batch.Commit), then put in the place of the
// old site in one step (atomicfile.SwapDir, a rename, or an exchange with
// the old folder), and only then does the store record what is published.
// A crash before the swap leaves the old site as it was, the store saying
// so, and a staging folder that the next full build removes; after the
// swap and before the store's record, the next publish builds again.
// Readers (gavel serve, a web server) see the old site or the new one,
// never a mix.
//
// Files in site.dir that gavel does not own are carried into the new
// site (hard links; a copy where the file system refuses the link;
// symbolic links made again): everything the build did not write, except
// what lies in gavel's own folders (actions/, series/, latest/, posts/,
// tags/, search/, assets/: there the build's files are the whole content,
// and a page the site no longer has is gone with the old site) and the
// temporary files of an interrupted publish. A CNAME, a .well-known
// folder, a user's own pages, and the minutes of a meeting no longer in
// the store stay, as an in-place build left them. Anything else (a named
// pipe, a socket, a device) stops the build with an error naming it,
// before the swap, the old site untouched.
//
// The staging folder is marked the top of directory hierarchies
// (atomicfile.MarkTopDir): on ext4 its folders then go to block groups of
// their own, away from the inodes other programs freed beside the site's
// parent folder, which an ext4 without a journal checks one by one for
// every file it creates (docs/publisher.md).
//
// The in-place build (every file through a temporary file and a rename,
// as an incremental publish writes them) is kept where the staging folder
// cannot be: on systems without an exchange of folders, on file systems
// that refuse it (asked each time: atomicfile.SwapDirWorks), when site.dir
// is a symbolic link or a mount point (a bind mount too:
// atomicfile.IsMountPoint), or when its parent folder refuses the staging
// folder.

// stageSuffix ends the name of the staging folder, hidden, beside
// site.dir ("site" is built in ".site.gavel-build"); after the swap the old
// site is there until it is removed.
const stageSuffix = ".gavel-build"

// ownFolders are the top-level folders whose content is only gavel's.
var ownFolders = map[string]bool{
	sitepath.ActionsDir: true, sitepath.SeriesDir: true, sitepath.LatestDir: true, sitepath.PostsDir: true,
	sitepath.TagsDir: true, sitepath.SearchDir: true, sitepath.AssetsDir: true,
}

// staging is a full build's staging folder.
type staging struct {
	dir   string // site.dir, absolute
	stage string // the staging folder beside it
	had   bool   // site.dir exists: the old site
}

// stageBuild makes the staging folder of a full build and returns it, or
// nil when the build must be made in place (see above). A staging folder
// or old site left by an interrupted build is removed first.
func (p *Publisher) stageBuild() (*staging, error) {
	if !atomicfile.CanSwapDir {
		return nil, nil
	}
	dir, err := filepath.Abs(p.opt.Dir)
	if err != nil {
		return nil, nil
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if base == "/" || base == "." {
		return nil, nil
	}
	s := &staging{dir: dir, stage: filepath.Join(parent, "."+base+stageSuffix)}
	if st, err := os.Lstat(dir); err == nil {
		if !st.IsDir() {
			return nil, nil // a symbolic link (or not a folder: the in-place build says so)
		}
		if atomicfile.IsMountPoint(dir) {
			return nil, nil // a mount point (a bind mount too): it cannot be renamed
		}
		s.had = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err := os.RemoveAll(s.stage); err != nil {
		return nil, fmt.Errorf("publisher: removing %s, left by an interrupted build: %w", s.stage, err)
	}
	if !atomicfile.SwapDirWorks(s.stage) {
		return nil, nil // the file system cannot exchange folders (NFS, CIFS, FUSE)
	}
	if err := os.Mkdir(s.stage, 0o755); err != nil {
		return nil, nil // the parent folder is not ours to write in
	}
	if s.had {
		// The new site folder keeps the old one's mode and group
		// (a web server reading it through its group).
		if st, err := os.Stat(dir); err == nil {
			os.Chmod(s.stage, st.Mode()&(fs.ModePerm|fs.ModeSetgid|fs.ModeSticky))
			if gid, ok := groupOf(st); ok {
				os.Lchown(s.stage, -1, gid)
			}
		}
	}
	atomicfile.MarkTopDir(s.stage)
	return s, nil
}

// carry links into the staging folder what the old site holds and the
// build did not write, except gavel's own folders (see above).
func (s *staging) carry(w *writer) error {
	ents, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publisher: reading the site %s: %w", s.dir, err)
	}
	for _, e := range ents {
		if e.IsDir() && ownFolders[e.Name()] {
			continue
		}
		if err := s.carryEntry(w, e.Name(), e); err != nil {
			return err
		}
	}
	return nil
}

// carryEntry carries the old site's entry rel (a site path) when the build
// did not write it; a folder's entries one by one.
func (s *staging) carryEntry(w *writer, rel string, e fs.DirEntry) error {
	name := e.Name()
	if atomicfile.IsTemp(name) && e.Type().IsRegular() {
		return nil // an interrupted publish's temporary file
	}
	from := filepath.Join(s.dir, filepath.FromSlash(rel))
	to := filepath.Join(s.stage, filepath.FromSlash(rel))
	st, err := os.Lstat(to)
	built := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publisher: %w", err)
	}
	switch t := e.Type(); {
	case t.IsDir():
		if built && !st.IsDir() {
			return nil // the build made a file there
		}
		if !built {
			info, err := e.Info()
			if err != nil {
				return fmt.Errorf("publisher: %w", err)
			}
			if _, err := w.batch.Mkdir(to, info.Mode().Perm()); err != nil {
				return fmt.Errorf("publisher: %w", err)
			}
		}
		ents, err := os.ReadDir(from)
		if err != nil {
			return fmt.Errorf("publisher: reading %s: %w", from, err)
		}
		for _, c := range ents {
			if err := s.carryEntry(w, rel+"/"+c.Name(), c); err != nil {
				return err
			}
		}
		return nil
	case built:
		return nil // written by the build
	case t.IsRegular():
		if err := w.batch.Link(from, to); err != nil {
			return fmt.Errorf("publisher: %w", err)
		}
		return nil
	case t&fs.ModeSymlink != 0:
		target, err := os.Readlink(from)
		if err != nil {
			return fmt.Errorf("publisher: %w", err)
		}
		if err := w.batch.Symlink(target, to); err != nil {
			return fmt.Errorf("publisher: %w", err)
		}
		return nil
	default:
		return fmt.Errorf("publisher: %s in the site folder is neither a file, a folder nor a link: a full build cannot carry it into the new site; move it out of %s", from, s.dir)
	}
}

// swap puts the committed staging folder in the place of site.dir; the
// old site, if any, is then at s.stage until remove.
func (s *staging) swap() error {
	if _, err := atomicfile.SwapDir(s.stage, s.dir); err != nil {
		return fmt.Errorf("publisher: putting the new site in place: %w", err)
	}
	return nil
}

// remove removes the staging folder: the old site after the swap, or
// what a failed build wrote. What it cannot remove the next full build
// does.
func (s *staging) remove() {
	os.RemoveAll(s.stage)
}
