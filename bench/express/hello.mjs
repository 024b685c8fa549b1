// Express hello world for `wrk -t1 -c64`; listens on 127.0.0.1:$PORT.
import express from 'express';

const app = express();
app.get('/', (req, res) => res.send('Hello, World!'));
app.listen(Number(process.env.PORT || 3000), '127.0.0.1', () => console.log('listening'));
