// The issuing desk's camera scanner, loaded by /staff/pickup only (never
// by a citizen's page). Shows its button once it can run; the camera
// starts when the desk asks for it (the browser asks permission once).
import init, { start } from './scanner.js';

const button = document.getElementById('camera-start');
const status = document.getElementById('camera-status');
if (button && status && navigator.mediaDevices) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    document.getElementById('scan-video').hidden = false;
    try {
      await init();
      const took = await start('scan-video', 'scan', 'camera-status');
      console.info('scanner', JSON.stringify(took));
    } catch (e) {
      status.textContent = status.dataset.denied;
      button.disabled = false;
      console.warn('camera scanner stopped', e);
    }
  });
}
