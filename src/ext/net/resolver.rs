//! A small DNS stub resolver for `dns.resolve*()` (what c-ares does for Node):
//! one question over UDP (TCP when the answer is truncated) to each
//! configured server in turn, retried, with the answers decoded into plain
//! records the JS side shapes per type.

use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::net::UdpSocket;

/// One answer record: its type and TTL, its text fields and number fields
/// (which ones depends on the type; see `decode_rdata`).
#[derive(Serialize, Debug, PartialEq)]
pub struct Rec {
    pub t: u16,
    pub ttl: u32,
    pub a: Vec<String>,
    pub n: Vec<u32>,
}

/// What a query asks: the name and type, the servers, and c-ares's
/// timeout (ms, per try) and tries.
#[derive(Deserialize)]
pub struct Query {
    pub name: String,
    pub qtype: u16,
    pub servers: Vec<(String, u16)>,
    pub timeout: i32,
    pub tries: u32,
    pub local4: Option<String>,
    pub local6: Option<String>,
}

/// `("", records)`, or an error code as c-ares's names map to Node's
/// (`ENOTFOUND`, `ENODATA`, `ETIMEOUT`, `ECONNREFUSED`, ...).
pub type Answer = (String, Vec<Rec>);

fn encode_name(name: &str, out: &mut Vec<u8>) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if !name.is_empty() {
        for label in name.split('.') {
            if label.is_empty() || label.len() > 63 {
                return false;
            }
            out.push(label.len() as u8);
            out.extend_from_slice(label.as_bytes());
        }
    }
    out.push(0);
    true
}

/// The question packet (recursion desired).
pub fn build_query(id: u16, name: &str, qtype: u16) -> Option<Vec<u8>> {
    let mut p = Vec::with_capacity(32 + name.len());
    p.extend_from_slice(&id.to_be_bytes());
    p.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    if !encode_name(name, &mut p) {
        return None;
    }
    p.extend_from_slice(&qtype.to_be_bytes());
    p.extend_from_slice(&1u16.to_be_bytes());
    Some(p)
}

fn read_u16(p: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*p.get(at)?, *p.get(at + 1)?]))
}

fn read_u32(p: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*p.get(at)?, *p.get(at + 1)?, *p.get(at + 2)?, *p.get(at + 3)?]))
}

/// A (possibly compressed) name at `at`: the name and the offset after it.
fn read_name(p: &[u8], mut at: usize) -> Option<(String, usize)> {
    let mut labels: Vec<String> = Vec::new();
    let mut end = None;
    let mut jumps = 0;
    loop {
        let len = *p.get(at)? as usize;
        if len & 0xc0 == 0xc0 {
            let ptr = (read_u16(p, at)? & 0x3fff) as usize;
            end.get_or_insert(at + 2);
            jumps += 1;
            if jumps > 64 {
                return None;
            }
            at = ptr;
            continue;
        }
        if len == 0 {
            end.get_or_insert(at + 1);
            break;
        }
        let label = p.get(at + 1..at + 1 + len)?;
        labels.push(String::from_utf8_lossy(label).into_owned());
        at += 1 + len;
    }
    Some((labels.join("."), end?))
}

fn character_strings(mut d: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    while let Some((&len, rest)) = d.split_first() {
        let len = (len as usize).min(rest.len());
        out.push(String::from_utf8_lossy(&rest[..len]).into_owned());
        d = &rest[len..];
    }
    out
}

/// The fields of one record's data (`start..start+len` of the packet).
fn decode_rdata(p: &[u8], t: u16, start: usize, len: usize) -> Option<(Vec<String>, Vec<u32>)> {
    let d = p.get(start..start + len)?;
    Some(match t {
        1 if len == 4 => (vec![std::net::Ipv4Addr::new(d[0], d[1], d[2], d[3]).to_string()], vec![]),
        28 if len == 16 => {
            let b: [u8; 16] = d.try_into().ok()?;
            (vec![std::net::Ipv6Addr::from(b).to_string()], vec![])
        }
        2 | 5 | 12 => (vec![read_name(p, start)?.0], vec![]),
        15 => (vec![read_name(p, start + 2)?.0], vec![read_u16(p, start)? as u32]),
        16 => (character_strings(d), vec![]),
        33 => (
            vec![read_name(p, start + 6)?.0],
            vec![read_u16(p, start)? as u32, read_u16(p, start + 2)? as u32, read_u16(p, start + 4)? as u32],
        ),
        35 => {
            let order = read_u16(p, start)? as u32;
            let pref = read_u16(p, start + 2)? as u32;
            let mut at = start + 4;
            let mut texts = Vec::new();
            for _ in 0..3 {
                let l = *p.get(at)? as usize;
                texts.push(String::from_utf8_lossy(p.get(at + 1..at + 1 + l)?).into_owned());
                at += 1 + l;
            }
            texts.push(read_name(p, at)?.0);
            (texts, vec![order, pref])
        }
        6 => {
            let (mname, at) = read_name(p, start)?;
            let (rname, at) = read_name(p, at)?;
            let nums = (0..5).map(|i| read_u32(p, at + i * 4)).collect::<Option<Vec<u32>>>()?;
            (vec![mname, rname], nums)
        }
        257 => {
            let flags = *d.first()? as u32;
            let tl = *d.get(1)? as usize;
            let tag = String::from_utf8_lossy(d.get(2..2 + tl)?).into_owned();
            let value = String::from_utf8_lossy(d.get(2 + tl..)?).into_owned();
            (vec![tag, value], vec![flags])
        }
        _ => return None,
    })
}

/// Decodes a response to question `id`: records of `qtype` (all of them for
/// ANY), or the error code c-ares would give.
pub fn parse_response(p: &[u8], id: u16, qtype: u16) -> Result<Vec<Rec>, &'static str> {
    if p.len() < 12 || read_u16(p, 0) != Some(id) {
        return Err("EBADRESP");
    }
    match p[3] & 0x0f {
        0 => {}
        1 => return Err("EFORMERR"),
        2 => return Err("ESERVFAIL"),
        3 => return Err("ENOTFOUND"),
        4 => return Err("ENOTIMP"),
        5 => return Err("EREFUSED"),
        _ => return Err("EBADRESP"),
    }
    let qd = read_u16(p, 4).ok_or("EBADRESP")?;
    let an = read_u16(p, 6).ok_or("EBADRESP")?;
    let mut at = 12;
    for _ in 0..qd {
        at = read_name(p, at).ok_or("EBADRESP")?.1 + 4;
    }
    let mut out = Vec::new();
    for _ in 0..an {
        let (_, next) = read_name(p, at).ok_or("EBADRESP")?;
        let t = read_u16(p, next).ok_or("EBADRESP")?;
        let ttl = read_u32(p, next + 4).ok_or("EBADRESP")?;
        let len = read_u16(p, next + 8).ok_or("EBADRESP")? as usize;
        let start = next + 10;
        if (qtype == 255 || t == qtype) && start + len <= p.len() {
            if let Some((a, n)) = decode_rdata(p, t, start, len) {
                out.push(Rec { t, ttl, a, n });
            }
        }
        at = start + len;
    }
    if out.is_empty() {
        return Err("ENODATA");
    }
    Ok(out)
}

// c-ares reports any failure to reach a server as ECONNREFUSED.
fn io_code(_: &std::io::Error) -> &'static str {
    "ECONNREFUSED"
}

async fn ask(server: SocketAddr, local: Option<IpAddr>, packet: &[u8], id: u16, qtype: u16, wait: Duration) -> Result<Vec<Rec>, &'static str> {
    let bind: SocketAddr = match (local, server.is_ipv4()) {
        (Some(ip), _) => SocketAddr::new(ip, 0),
        (None, true) => "0.0.0.0:0".parse().unwrap(),
        (None, false) => "[::]:0".parse().unwrap(),
    };
    let sock = UdpSocket::bind(bind).await.map_err(|e| io_code(&e))?;
    sock.connect(server).await.map_err(|e| io_code(&e))?;
    sock.send(packet).await.map_err(|e| io_code(&e))?;
    let mut buf = vec![0u8; 4096];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let n = match tokio::time::timeout_at(deadline, sock.recv(&mut buf)).await {
            Err(_) => return Err("ETIMEOUT"),
            Ok(Err(e)) => return Err(io_code(&e)),
            Ok(Ok(n)) => n,
        };
        // Ignore stray datagrams that answer something else.
        if read_u16(&buf[..n], 0) == Some(id) {
            // A truncated answer is asked again over TCP, as c-ares does.
            if n > 2 && buf[2] & 0x02 != 0 {
                return match tokio::time::timeout_at(deadline, ask_tcp(server, packet)).await {
                    Err(_) => Err("ETIMEOUT"),
                    Ok(Err(e)) => Err(io_code(&e)),
                    Ok(Ok(resp)) => parse_response(&resp, id, qtype),
                };
            }
            return parse_response(&buf[..n], id, qtype);
        }
    }
}

/// The same question over TCP (two-byte length prefixes).
async fn ask_tcp(server: SocketAddr, packet: &[u8]) -> std::io::Result<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(server).await?;
    let mut out = Vec::with_capacity(packet.len() + 2);
    out.extend_from_slice(&(packet.len() as u16).to_be_bytes());
    out.extend_from_slice(packet);
    s.write_all(&out).await?;
    let mut len = [0u8; 2];
    s.read_exact(&mut len).await?;
    let mut resp = vec![0u8; u16::from_be_bytes(len) as usize];
    s.read_exact(&mut resp).await?;
    Ok(resp)
}

/// Runs a query: each try asks every server in turn until one answers.
pub async fn query(q: Query) -> Answer {
    let id = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0) & 0xffff) as u16;
    let Some(packet) = build_query(id, &q.name, q.qtype) else { return ("EBADNAME".into(), vec![]) };
    let wait = Duration::from_millis(if q.timeout < 0 { 5000 } else { q.timeout.max(1) as u64 });
    let servers: Vec<SocketAddr> = q
        .servers
        .iter()
        .filter_map(|(ip, port)| ip.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, *port)))
        .collect();
    if servers.is_empty() {
        return ("ECONNREFUSED".into(), vec![]);
    }
    let local4 = q.local4.as_deref().and_then(|s| s.parse().ok());
    let local6 = q.local6.as_deref().and_then(|s| s.parse().ok());
    let mut last = "ETIMEOUT";
    for _ in 0..q.tries.max(1) {
        for s in &servers {
            let local = if s.is_ipv4() { local4 } else { local6 };
            match ask(*s, local, &packet, id, q.qtype, wait).await {
                Ok(recs) => return (String::new(), recs),
                // A definite answer from a server ends the query.
                Err(code @ ("ENOTFOUND" | "ENODATA" | "EFORMERR" | "ENOTIMP" | "EREFUSED" | "ESERVFAIL")) => {
                    return (code.into(), vec![]);
                }
                Err(code) => last = code,
            }
        }
    }
    (last.into(), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses_a_response() {
        let q = build_query(0x1234, "example.com", 1).unwrap();
        // The question echoed back with one A answer (name by pointer to offset 12).
        let mut r = q.clone();
        r[2] = 0x81;
        r[3] = 0x80;
        r[7] = 1;
        r.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 93, 184, 216, 34]);
        let recs = parse_response(&r, 0x1234, 1).unwrap();
        assert_eq!(recs, vec![Rec { t: 1, ttl: 60, a: vec!["93.184.216.34".into()], n: vec![] }]);
        assert_eq!(parse_response(&r, 0x1234, 28), Err("ENODATA"));
        r[3] = 0x83;
        assert_eq!(parse_response(&r, 0x1234, 1), Err("ENOTFOUND"));
    }
}
