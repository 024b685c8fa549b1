// Adapted from Node.js src/node_dotenv.cc (Dotenv::ParseContent; MIT license,
// Node.js contributors): the `.env` parser behind util.parseEnv(),
// process.loadEnvFile() and --env-file.
'use strict';

const {
  ArrayFrom,
  ArrayPrototypeSort,
  MathMin,
  SafeMap,
  StringPrototypeCodePointAt,
  StringPrototypeIndexOf,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
} = primordials;

// Node trims spaces, tabs and newlines (not other whitespace).
function isTrimmed(c) {
  return c === ' ' || c === '\t' || c === '\n';
}

function trimSpaces(s) {
  let start = 0;
  let end = s.length;
  while (start < end && isTrimmed(s[start])) start++;
  while (end > start && isTrimmed(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : StringPrototypeSlice(s, start, end);
}

// The first index of '=' or '\n' in `s`, or -1.
function findEqualOrNewline(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '=' || c === '\n') return i;
  }
  return -1;
}

// Everything after the first newline at or after `from`, or '' when none.
function afterNewline(content, from) {
  const newline = StringPrototypeIndexOf(content, '\n', from);
  return newline === -1 ? '' : StringPrototypeSlice(content, newline + 1);
}

/**
 * Parses `.env` content into a Map of key to value, in first-seen key order
 * (a repeated key keeps its last value), exactly as Node's C++ parser does.
 * @param {string} input
 * @returns {Map<string, string>}
 */
function parseDotenv(input) {
  const store = new SafeMap();
  // Windows newlines: drop every '\r'.
  let content = trimSpaces(StringPrototypeReplaceAll(input, '\r', ''));

  while (content.length > 0) {
    // Skip empty lines and comments.
    if (content[0] === '\n' || content[0] === '#') {
      content = afterNewline(content, 0);
      continue;
    }

    const equalOrNewline = findEqualOrNewline(content);
    // A line without '=' is invalid: skip it.
    if (equalOrNewline === -1) break;
    if (content[equalOrNewline] === '\n') {
      content = trimSpaces(StringPrototypeSlice(content, equalOrNewline + 1));
      continue;
    }

    let key = trimSpaces(StringPrototypeSlice(content, 0, equalOrNewline));
    content = StringPrototypeSlice(content, equalOrNewline + 1);

    // `KEY=` followed by a newline (or nothing) is the empty string.
    if (content.length === 0 || content[0] === '\n') {
      store.set(key, '');
      continue;
    }

    content = trimSpaces(content);

    // Lines with an empty key (`=value`) are skipped.
    if (key.length === 0) continue;

    if (StringPrototypeStartsWith(key, 'export ')) {
      key = trimSpaces(StringPrototypeSlice(key, 7));
    }

    if (content.length === 0) {
      store.set(key, '');
      break;
    }

    const front = content[0];
    // A double-quoted value expands "\n" to a newline.
    if (front === '"') {
      const closing = StringPrototypeIndexOf(content, '"', 1);
      if (closing !== -1) {
        const value = StringPrototypeSlice(content, 1, closing);
        store.set(key, StringPrototypeReplaceAll(value, '\\n', '\n'));
        content = afterNewline(content, closing + 1);
        continue;
      }
    }

    if (front === '\'' || front === '"' || front === '`') {
      const closing = StringPrototypeIndexOf(content, front, 1);
      if (closing === -1) {
        // No closing quote: the rest of the line, opening quote included.
        const newline = StringPrototypeIndexOf(content, '\n');
        if (newline === -1) {
          store.set(key, content);
          break;
        }
        store.set(key, StringPrototypeSlice(content, 0, newline));
        content = StringPrototypeSlice(content, newline + 1);
      } else {
        store.set(key, StringPrototypeSlice(content, 1, closing));
        content = afterNewline(content, closing + 1);
        continue;
      }
    } else {
      // An unquoted value ends at the line's end or at a '#' comment.
      const newline = StringPrototypeIndexOf(content, '\n');
      let value = newline === -1 ? content : StringPrototypeSlice(content, 0, newline);
      const hash = StringPrototypeIndexOf(value, '#');
      if (hash !== -1) value = StringPrototypeSlice(value, 0, hash);
      store.set(key, trimSpaces(value));
      content = newline === -1 ? '' : StringPrototypeSlice(content, newline + 1);
    }

    content = trimSpaces(content);
  }
  return store;
}

/**
 * util.parseEnv(): the parsed pairs as an object (null-prototype from Node 25).
 * @param {string} content
 * @param {boolean} nullPrototype
 * @returns {Record<string, string>}
 */
function parseEnvToObject(content, nullPrototype) {
  const result = nullPrototype ? { __proto__: null } : {};
  // Node's store is a std::map: keys come out in byte order.
  const entries = ArrayFrom(parseDotenv(content));
  ArrayPrototypeSort(entries, (a, b) => compareCodePoints(a[0], b[0]));
  for (let i = 0; i < entries.length; i++) result[entries[i][0]] = entries[i][1];
  return result;
}

// UTF-8 byte order is code point order (UTF-16 unit order differs for
// astral characters against U+E000-U+FFFF).
function compareCodePoints(a, b) {
  const n = MathMin(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = StringPrototypeCodePointAt(a, i);
    const y = StringPrototypeCodePointAt(b, i);
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

module.exports = { parseDotenv, parseEnvToObject };
