// The hall's own SMS platform, as the e2e suite's test gateway: it takes
// the server's webhook posts only with a valid X-Hall-Signature
// (t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, fresh within 5
// minutes), keeps each message once by its Idempotency-Key, and lets the
// tests read what a phone would have received: GET /messages?mobile=…
// (each with its text, template parameters and the progress page's link).
import http from 'node:http';
import crypto from 'node:crypto';

const port = Number(process.env.SMS_WEBHOOK_PORT ?? 3108);
const secret = process.env.SMS_WEBHOOK_SECRET ?? '';
const messages = [];
const seen = new Set();

function verify(header, body) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const age = Math.abs(Date.now() / 1000 - Number(m[1]));
  const want = crypto.createHmac('sha256', secret).update(`${m[1]}.`).update(body).digest();
  return age < 300 && crypto.timingSafeEqual(want, Buffer.from(m[2], 'hex'));
}

http.createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  if (req.method === 'GET' && url.pathname === '/healthz') return res.end('ok');
  if (req.method === 'GET' && url.pathname === '/messages') {
    const mobile = url.searchParams.get('mobile');
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify(messages.filter((m) => !mobile || m.mobile === mobile)));
  }
  if (req.method !== 'POST' || url.pathname !== '/sms') {
    res.statusCode = 404;
    return res.end();
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!verify(req.headers['x-hall-signature'], body)) {
      res.statusCode = 401;
      return res.end();
    }
    const key = req.headers['idempotency-key'];
    if (!seen.has(key)) {
      seen.add(key);
      messages.push(JSON.parse(body.toString('utf8')));
    }
    res.statusCode = 204;
    res.end();
  });
}).listen(port, '127.0.0.1');
