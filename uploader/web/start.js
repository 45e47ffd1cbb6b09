// The citizen's uploader, loaded by the materials pages only. Without it
// (or without JS) the same forms post as plain multipart forms.
import init, { start } from './uploader.js';

init().then(start).catch((e) => console.warn('uploader not started', e));
