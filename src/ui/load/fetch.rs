//! Bytes from where they are: a download from the app's own origin (the
//! bundled sample, `?data=`) or a file the partner opened, whole or as a
//! stream of pieces; a file over the size the tab can hold is refused.

use gloo_net::http::Request;
use js_sys::Uint8Array;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::format;
use crate::i18n::Said;

/// Relative to the page, so the app works from any sub-path.
pub const SAMPLE_URL: &str = "data/customers.csv";

pub const SAMPLE_USAGE_URL: &str = "data/usage.csv";

/// Larger files read whole (a report JSON) are refused before reading, to
/// keep the tab's memory in bounds. Data files have no such limit: they are
/// streamed, their bytes dropped once read, and their rows bounded by the
/// tab's memory ([`ingest::MAX_ROWS`], [`ingest::MAX_USAGE_ROWS`]).
pub const MAX_FILE_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// Where a load's bytes come from.
#[derive(Clone)]
pub enum Input {
    Url(String),
    File(web_sys::File),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Url(url) => url.rsplit('/').next().unwrap_or(url).to_string(),
            Input::File(file) => file.name(),
        }
    }
}

/// The page's own message channel for giving way between slices: a message
/// posted to itself comes back as an ordinary task, after whatever the page
/// had waiting (a paint, a tap, a network callback), without the 4 ms that
/// browsers add to nested zero timeouts. (`scheduler.yield()` was tried: its
/// continuations go ahead of the page's other tasks, which then waited for
/// the whole file.) The resolvers wait in order; one handler serves them all.
struct Turns {
    channel: web_sys::MessageChannel,
    waiting: Rc<RefCell<VecDeque<js_sys::Function>>>,
    _handler: Closure<dyn Fn()>,
}

thread_local! {
    static TURNS: Option<Turns> = web_sys::MessageChannel::new().ok().map(|channel| {
        let waiting = Rc::new(RefCell::new(VecDeque::<js_sys::Function>::new()));
        let queue = waiting.clone();
        let handler = Closure::<dyn Fn()>::new(move || {
            if let Some(resolve) = queue.borrow_mut().pop_front() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        channel.port1().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Turns { channel, waiting, _handler: handler }
    });
}

/// Lets the browser paint and handle input before the next slice.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        // Queued only once posted: the message comes back in a later task,
        // and a resolver left behind by a failed post would answer the next
        // message in place of its own.
        let posted = TURNS.with(|turns| match turns {
            Some(t) if t.channel.port2().post_message(&JsValue::UNDEFINED).is_ok() => {
                t.waiting.borrow_mut().push_back(resolve.clone());
                true
            }
            _ => false,
        });
        if !posted {
            let _ = window().set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Why a file over [`MAX_FILE_BYTES`] is not read.
pub fn too_big(name: &str, bytes: f64) -> Said {
    let name = name.to_string();
    Said::new(move || {
        tr!(
            "files.too_big",
            name = name,
            size = format::count((bytes / 1048576.0).round() as u64),
            limit = format::count((MAX_FILE_BYTES / 1048576.0) as u64)
        )
    })
}

/// Why a file could not be read.
pub fn unreadable(name: &str) -> Said {
    let name = name.to_string();
    Said::new(move || tr!("files.unreadable", name = name))
}

/// A successful response for `url`, and the length it announces; refuses
/// one that announces more than `limit` bytes.
pub async fn get(
    url: &str,
    limit: Option<f64>,
) -> Result<(gloo_net::http::Response, Option<f64>), Said> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| Said::from(format!("{url}: {e}")))?;
    if !response.ok() {
        return Err(Said::from(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok())
        .map(|l| l as f64);
    if let Some(length) = announced.filter(|&l| limit.is_some_and(|limit| l > limit)) {
        return Err(too_big(url, length));
    }
    Ok((response, announced))
}

async fn fetch(url: &str) -> Result<Vec<u8>, Said> {
    let (response, _) = get(url, Some(MAX_FILE_BYTES)).await?;
    let bytes = response
        .binary()
        .await
        .map_err(|e| Said::from(format!("{url}: {e}")))?;
    if bytes.len() as f64 > MAX_FILE_BYTES {
        return Err(too_big(url, bytes.len() as f64));
    }
    Ok(bytes)
}

pub async fn read(input: &Input) -> Result<Vec<u8>, Said> {
    match input {
        Input::Url(url) => fetch(url).await,
        Input::File(file) => {
            if file.size() > MAX_FILE_BYTES {
                return Err(too_big(&file.name(), file.size()));
            }
            let buffer = JsFuture::from(file.array_buffer())
                .await
                .map_err(|_| unreadable(&file.name()))?;
            Ok(Uint8Array::new(&buffer).to_vec())
        }
    }
}

/// The bytes of an input as they arrive (a download's body, a file read
/// from disk), with the total length when it is known beforehand.
pub async fn open_stream(input: &Input) -> Result<(web_sys::ReadableStream, Option<u64>), Said> {
    match input {
        Input::Url(url) => {
            let (response, announced) = get(url, None).await?;
            // A compressed response announces fewer bytes than arrive.
            let encoded = response.headers().get("content-encoding").is_some();
            let expected = announced.filter(|_| !encoded).map(|l| l as u64);
            let body = response.body().ok_or_else(|| format!("{url}: no body"))?;
            Ok((body, expected))
        }
        Input::File(file) => Ok((file.stream(), Some(file.size() as u64))),
    }
}

/// A stream's reader. Where the stream is a byte stream (a download's body,
/// a file's stream in current browsers) the pieces are read into one buffer
/// that is used again and again, instead of a new buffer per piece.
pub enum Pieces {
    Byob {
        reader: web_sys::ReadableStreamByobReader,
        buffer: Option<js_sys::ArrayBuffer>,
    },
    Default(web_sys::ReadableStreamDefaultReader),
}

/// The size of the buffer a byte stream is read into.
const PIECE_BYTES: u32 = 4 << 20;

impl Pieces {
    pub fn of(stream: &web_sys::ReadableStream) -> Result<Pieces, JsValue> {
        if let Ok(reader) = web_sys::ReadableStreamByobReader::new(stream) {
            return Ok(Pieces::Byob {
                reader,
                buffer: None,
            });
        }
        Ok(Pieces::Default(stream.get_reader().dyn_into()?))
    }

    /// The next piece; `None` at the end of the stream.
    pub async fn next(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let result = match self {
            Pieces::Byob { reader, buffer } => {
                let buffer = buffer
                    .take()
                    .unwrap_or_else(|| js_sys::ArrayBuffer::new(PIECE_BYTES));
                let view = Uint8Array::new(&buffer);
                JsFuture::from(reader.read_with_array_buffer_view(&view)).await?
            }
            Pieces::Default(reader) => JsFuture::from(reader.read()).await?,
        };
        let done = js_sys::Reflect::get(&result, &"done".into())?;
        if done.as_bool() == Some(true) {
            return Ok(None);
        }
        let piece: Uint8Array = js_sys::Reflect::get(&result, &"value".into())?.unchecked_into();
        if let Pieces::Byob { buffer, .. } = self {
            // The read hands the buffer back (moved) under the piece.
            *buffer = Some(piece.buffer());
        }
        Ok(Some(piece))
    }

    pub fn cancel(&self) {
        let _ = match self {
            Pieces::Byob { reader, .. } => reader.cancel(),
            Pieces::Default(reader) => reader.cancel(),
        };
    }
}
