package script

import "github.com/gost-dev/gost/internal/tree"

// A run of the app draws a new page: a root and its two blocks
// (tree.NewRoot), and the array its containers take their children from
// (the slab, reuse.go), some 600 bytes a rerun of the representative app,
// a sixth of the garbage a rerun makes. The page before the last is
// garbage once the runtime has diffed the last one against it, but only
// the runtime knows when it holds it no more: it hands it back
// ([State.Recycle]), and the next run of the app draws into its memory.
//
// The engine takes back only a page a run of the app drew, replaced by
// another run of the app: a run of fragments draws a page that shares the
// containers of the one before (BeginFragments), and its own is made of
// copies. Leaves are never taken back: the pages after share them.
// Between the hand-back and the next run the session holds the spare,
// and the run drops what it did not use.

// pageMemory is what a run of the app allocated for its page's
// containers: its root, from tree.NewRoot, and its slab.
type pageMemory struct {
	root *tree.Node
	slab []*tree.Node
}

// Recycle takes back page, which the caller (the runtime) has replaced,
// as what the browser shows, with the page of the run that followed, and
// to which neither it nor anything it handed the page to refers any more.
// The next run of the app draws into its memory. A page the engine cannot
// take back (not the page before the last, or shared with the last) is
// left alone. Call it from the goroutine that calls Begin, between runs.
func (s *State) Recycle(page *tree.Node) {
	if page == nil || page != s.before.root {
		return
	}
	s.spare, s.before = s.before, pageMemory{}
}

// kept notes the page of run r, which the page now shows.
func (s *State) kept(r *Run) {
	if r.run != nil {
		// A run of fragments: its page shares containers with the one
		// before, and neither may be taken back.
		s.shown, s.before = pageMemory{}, pageMemory{}
		return
	}
	s.before, s.shown = s.shown, pageMemory{r.root, r.slab}
}

// newRoot returns the root a run of the app draws into: the spare's, if
// the runtime handed one back.
func (s *State) newRoot() *tree.Node {
	if root := s.spare.root; root != nil {
		s.spare.root = nil
		if root = tree.Reuse(root); root != nil {
			return root
		}
	}
	return tree.NewRoot()
}

// newSlab returns an empty slab with room for n children: the spare's, if
// it has the room.
func (s *State) newSlab(n int) []*tree.Node {
	if slab := s.spare.slab; cap(slab) >= n {
		s.spare.slab = nil
		clear(slab[:cap(slab)])
		return slab[:0]
	}
	return make([]*tree.Node, 0, n)
}
