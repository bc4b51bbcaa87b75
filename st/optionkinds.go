package st

import "sync"

// How options are represented and collected: on every rerun an app passes
// its options anew, so the commonest cost no closure, and a call's config
// costs no allocation.

// option is an Option that stores what it holds with a func: the bit it
// sets in config.set, and the func. The commonest options, which an app
// passes on every rerun, have types of their own below, since a closure
// and the interface holding it are two allocations an option.
type option struct {
	bit   opt
	store func(*config)
}

func (o option) apply(c *config) {
	c.set.add(o.bit)
	o.store(c)
}

// A flagOption is a boolean option: its opt and its value in one byte,
// which an interface holds without an allocation.
type flagOption uint8

// Every opt fits in a flagOption next to its value.
const _ = uint8(len(optionNames)<<1 - 1)

func flagOf(bit opt, on bool) flagOption {
	f := flagOption(bit) << 1
	if on {
		f |= 1
	}
	return f
}

func (f flagOption) apply(c *config) {
	bit := opt(f >> 1)
	c.set.add(bit)
	on := f&1 == 1
	switch bit {
	case optDisabled:
		c.disabled = on
	case optPassword:
		c.password = on
	case optPrimary:
		c.primary = on
	case optHorizontal:
		c.horizontal = on
	case optClearOnSubmit:
		c.clearOnSubmit = on
	case optBorder:
		c.border = on
	case optUnsafeAllowHTML:
		c.allowHTML = on
	case optAcceptMultipleFiles:
		c.multiple = on
	case optLoop:
		c.media.loop = on
	case optAutoplay:
		c.media.autoplay = on
	case optMuted:
		c.media.muted = on
	case optDefault:
		c.shell.isDefault = on
	case optHidden:
		c.shell.hidden = on
	case optLoginRequired:
		c.shell.login = on
	default:
		panic("st: option " + bit.name() + " is not a flag")
	}
}

// A stringOption is an option that holds a string.
type stringOption struct {
	bit opt
	s   string
}

func (o stringOption) apply(c *config) {
	c.set.add(o.bit)
	switch o.bit {
	case optKey:
		c.key = o.s
	case optHelp:
		c.help = o.s
	case optPlaceholder:
		c.placeholder = o.s
	case optMIME:
		c.mime = o.s
	case optCaptioned:
		c.caption = o.s
	case optLanguage:
		c.language = o.s
	case optX:
		c.x = o.s
	case optAvatar:
		c.avatar = o.s
	case optIcon:
		c.icon = o.s
	case optDeltaColor:
		c.deltaColor = o.s
	case optScope:
		c.scope = o.s
	case optQueryParam:
		c.queryParam = o.s
	case optPageTitle:
		c.shell.title = o.s
	case optURLPath:
		c.shell.urlPath = o.s
	case optSection:
		c.shell.section = o.s
	default:
		panic("st: option " + o.bit.name() + " holds no string")
	}
}

// A floatOption is a bound or a step.
type floatOption struct {
	bit opt
	v   float64
}

func (o floatOption) apply(c *config) {
	c.set.add(o.bit)
	switch o.bit {
	case optMin:
		c.min = o.v
	case optMax:
		c.max = o.v
	case optStep:
		c.step = o.v
	default:
		panic("st: option " + o.bit.name() + " holds no number")
	}
}

// An anyOption holds a value of any type, a [Ctx.Value] or a
// [Ctx.Delta].
type anyOption struct {
	bit opt
	v   any
}

func (o anyOption) apply(c *config) {
	c.set.add(o.bit)
	switch o.bit {
	case optValue:
		c.value = o.v
	case optDelta:
		c.delta = o.v
	default:
		panic("st: option " + o.bit.name() + " holds no value")
	}
}

// An intOption holds a whole number.
type intOption struct {
	bit opt
	n   int
}

func (o intOption) apply(c *config) {
	c.set.add(o.bit)
	switch o.bit {
	case optMaxChars:
		c.maxChars = o.n
	case optWidth:
		c.width = o.n
	default:
		panic("st: option " + o.bit.name() + " holds no whole number")
	}
}

// noOptions is the config of every call without options, most of them: it
// saves clearing a config per element on every rerun. Nothing writes to a
// config after it is collected.
var noOptions config

// scratchConfigs hold configs to apply options to. The options whose
// apply is a func (type option, made by the rarer options) may keep the
// config they are given, as far as the compiler can tell: a config they
// applied to directly would be one allocation, some 750 bytes, per
// element with such an option on every rerun. They are applied to a
// scratch and copied out, so that the caller's config stays in its frame
// (see [Ctx.check]).
var scratchConfigs = sync.Pool{New: func() any { return new(config) }}

// collect puts the options of one call to e in cfg, which is zero, in
// order, and refuses them when e does not read one of them or one could
// not be made.
//
// Its switch names every type of Option, and no Option is called through
// the interface nor kept: the compiler then sees that an option made in
// the app's call (st.Placeholder("…"), st.Value(1)) outlives neither the
// call nor collect, and keeps it in the app's frame rather than on the
// heap, an allocation an option on every rerun. A case that stored the
// Option itself, or called its apply through the interface, would move
// every call's options to the heap again:
// TestOptionsMadeInTheCallCostNoAllocation fails then.
func (e element) collect(opts []Option, cfg *config) error {
	var s *config // the scratch, from the first option that needs it
	for _, o := range opts {
		c := cfg
		if s != nil {
			c = s
		}
		switch o := o.(type) {
		case nil: // no option: st.Button("Go", nil)
		case flagOption:
			o.apply(c)
		case stringOption:
			o.apply(c)
		case floatOption:
			o.apply(c)
		case anyOption:
			o.apply(c)
		case intOption:
			o.apply(c)
		case *Page:
			// Navigation reads its pages from its arguments (pagesOf):
			// the page is not stored here, where it would be an Option
			// kept.
			c.set.add(optPage)
		case option:
			if s == nil {
				s = scratchConfigs.Get().(*config)
				*s = *cfg
			}
			o.apply(s)
		default: // every Option is one of st's types, listed above
			panic("st: an Option of a type collect does not list")
		}
	}
	if s != nil {
		*cfg = *s
		*s = config{} // holds nothing of this call's while in the pool
		scratchConfigs.Put(s)
	}
	if cfg.set.minus(e.takes) == (optionSet{}) {
		// Every option applies, as on nearly every call: refuse, whose
		// messages make its frame some 1,500 bytes, is not called. With
		// the caller's frame and its config, it was the deepest stack
		// of a rerun.
		return cfg.err
	}
	return e.refuse(cfg)
}
