/**
 * `window.FaqDom` for the pages whose scripts are plain files loaded with `<script>` (the
 * analytics screen and the help center): the same `el()` and right-to-left list as the bundled
 * screens. Served at /assets/dom.js; pages load it before their own script.
 */
import { el } from './shared/dom.ts';
import { dirOf } from './shared/rtl.ts';

declare global {
  interface Window {
    FaqDom: { el: typeof el; textDirection: typeof dirOf };
  }
}

window.FaqDom = { el, textDirection: dirOf };
