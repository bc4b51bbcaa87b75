// audio and video (st.Audio, st.Video): the browser's own players. Their
// bytes come from the session's media route, which answers range
// requests, so the player seeks without fetching everything first.

import { h } from './dom.js';

function player(tag) {
  return () => {
    const el = h(tag, { controls: '', preload: 'metadata', class: `media ${tag}` });
    let start = 0;
    // A start time applies to each new source, once its length is known.
    el.addEventListener('loadedmetadata', () => {
      if (start > 0) el.currentTime = start;
    });
    return {
      el,
      update(p) {
        start = p.start || 0;
        el.loop = !!p.loop;
        el.muted = !!p.muted;
        el.defaultMuted = !!p.muted;
        el.autoplay = !!p.autoplay;
        // Setting src again, even to the same value, reloads the player.
        const src = p.src || '';
        if (el.getAttribute('src') !== src) el.setAttribute('src', src);
      },
    };
  };
}

export default { audio: player('audio'), video: player('video') };
