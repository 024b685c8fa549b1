// Hello-world HTTP server for `wrk -t1 -c64 -d5s http://127.0.0.1:$PORT/`.
// The same file runs under node, bun, deno and nodus.
import http from 'node:http';

const port = Number(process.env.PORT || 3000);
const body = 'Hello, World!';

http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
}).listen(port, '127.0.0.1', () => {
  console.log(`listening on ${port}`);
});
