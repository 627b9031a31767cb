//! Paginated list operations: the page loop every generated builder's `pages()` and `items()` share.
//!
//! A generated builder gives [`pages_of`](super::pages_of) (over [`pages`]) a closure that fetches one page: it
//! sends the call again with [`CallOptions`](super::CallOptions) that say where the page is ([`PageAt`]: a query parameter replaced by a cursor,
//! an offset or a page number, or the URL of a `Link: <..>; rel="next"` header), and turns the response into a
//! [`Page`]: its items, and how the next page is reached. [`Pages`] is a [`Stream`] of those pages, fetched one at
//! a time, only when the previous one has been taken; [`items`] flattens it into the items.
//!
//! The stream ends after a page that has no next page (no cursor, `has_more` false, no `Link` to a next page),
//! after an empty page, after a page that points at itself (the same cursor or URL again), and after an error,
//! which is yielded once.

use super::respond::ApiResponse;
use super::HeaderMap;
use crate::Tristate;
use futures_core::Stream;
use reqwest::StatusCode;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Where a page is: what its request changes in the first page's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// The query parameter `name` set to `value` (a cursor, an offset or a page number), in place of the value the
    /// first request had (or added, when it had none).
    Query {
        /// The parameter's wire name.
        name: &'static str,
        /// Its value, as sent.
        value: String,
    },
    /// The URL a `Link` header gave for the next page. It is sent as given, with the query parameters of the first
    /// request that it does not set itself (an API key in the query, say); one on another origin than the
    /// client's base URL is refused, so that no credential is sent there.
    Url(String),
}

/// How the next page is found, as the generator planned it for the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Next {
    /// Not known yet, or there is none.
    None,
    /// At this place.
    At(PageAt),
    /// The query parameter counts items: the next offset is this one plus the items of the page.
    Offset(&'static str),
    /// The query parameter counts pages: the next page is this one plus one.
    Number(&'static str),
    /// The `Link` header's `rel="next"` URL.
    Link,
}

/// One page of a list operation: its items, with the status and headers of the response that brought them.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    more: bool,
    next: Next,
}

impl<T> Page<T> {
    /// The page holding `items` (a `Vec`, or one that may be absent or `null`: no items), from `response` (whose
    /// body the items were taken out of).
    pub fn new(response: ApiResponse<()>, items: impl IntoItems<T>) -> Self {
        let attempts = response.attempts();
        let (status, headers, ()) = response.into_parts();
        Page { items: items.into_items(), status, headers, attempts, more: true, next: Next::None }
    }

    /// The items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, without the rest.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many requests the page took (more than one after retries).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Says whether the API has more pages (a `has_more` property): `false` (or absent, or `null`) makes this page
    /// the last.
    pub fn has_more(mut self, more: &impl Flag) -> Self {
        self.more = more.flag();
        self
    }

    /// The next page is at the cursor `cursor` (a `next_cursor` property), sent in the query parameter `name`; an
    /// absent, `null` or empty cursor makes this page the last.
    pub fn cursor(mut self, name: &'static str, cursor: &(impl CursorValue + ?Sized)) -> Self {
        self.next = match cursor.cursor() {
            Some(value) if !value.is_empty() => Next::At(PageAt::Query { name, value }),
            _ => Next::None,
        };
        self
    }

    /// The next page starts after this page's last item: its `id` (as `id` reads it from an item) is sent in the
    /// query parameter `name` (Stripe's `starting_after`).
    pub fn after_last<C: CursorValue + ?Sized>(self, name: &'static str, id: impl FnOnce(&T) -> &C) -> Self {
        let cursor = self.items.last().and_then(|item| id(item).cursor());
        self.cursor(name, &cursor)
    }

    /// The query parameter `name` is an offset: the next page is at this page's offset plus its number of items.
    pub fn offset(mut self, name: &'static str) -> Self {
        self.next = Next::Offset(name);
        self
    }

    /// The query parameter `name` is a page number: the next page is this one's plus one.
    pub fn number(mut self, name: &'static str) -> Self {
        self.next = Next::Number(name);
        self
    }

    /// The next page is the URL of the response's `Link` header with `rel="next"` (RFC 8288); without one, this
    /// page is the last.
    pub fn link(mut self) -> Self {
        self.next = Next::Link;
        self
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'p, T> IntoIterator for &'p Page<T> {
    type Item = &'p T;
    type IntoIter = std::slice::Iter<'p, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The items of a page as the response holds them: a list, or one that may be absent or `null` (no items).
pub trait IntoItems<T> {
    /// The items.
    fn into_items(self) -> Vec<T>;
}

impl<T> IntoItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> IntoItems<T> for Option<Vec<T>> {
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

impl<T> IntoItems<T> for Tristate<Vec<T>> {
    fn into_items(self) -> Vec<T> {
        self.value().unwrap_or_default()
    }
}

/// A `has_more` property: a `bool`, or one that may be absent or `null` (no more).
pub trait Flag {
    /// Whether it is `true`.
    fn flag(&self) -> bool;
}

impl Flag for bool {
    fn flag(&self) -> bool {
        *self
    }
}

impl<F: Flag> Flag for Option<F> {
    fn flag(&self) -> bool {
        self.as_ref().is_some_and(Flag::flag)
    }
}

impl<F: Flag> Flag for Tristate<F> {
    fn flag(&self) -> bool {
        matches!(self, Tristate::Value(v) if v.flag())
    }
}

/// A value that can be a cursor: text or an integer, or one that may be absent or `null` (no cursor).
pub trait CursorValue {
    /// The cursor as sent in the query.
    fn cursor(&self) -> Option<String>;
}

impl CursorValue for str {
    fn cursor(&self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl CursorValue for String {
    fn cursor(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl<C: CursorValue + ?Sized> CursorValue for &C {
    fn cursor(&self) -> Option<String> {
        (**self).cursor()
    }
}

impl<C: CursorValue> CursorValue for Option<C> {
    fn cursor(&self) -> Option<String> {
        self.as_ref().and_then(CursorValue::cursor)
    }
}

impl<C: CursorValue> CursorValue for Tristate<C> {
    fn cursor(&self) -> Option<String> {
        match self {
            Tristate::Value(v) => v.cursor(),
            _ => None,
        }
    }
}

macro_rules! integer_cursors {
    ($($t:ty),*) => {$(
        impl CursorValue for $t {
            fn cursor(&self) -> Option<String> {
                Some(self.to_string())
            }
        }

        impl PageNumber for $t {
            fn page_number(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
        }
    )*};
}

integer_cursors!(i32, i64, u32, u64);

/// The offset or page number a caller asked for first (an integer argument, or one left out).
pub trait PageNumber {
    /// The number, when it is given and not negative.
    fn page_number(&self) -> Option<u64>;
}

impl<N: PageNumber> PageNumber for Option<N> {
    fn page_number(&self) -> Option<u64> {
        self.as_ref().and_then(PageNumber::page_number)
    }
}

impl PageNumber for f64 {
    fn page_number(&self) -> Option<u64> {
        // A whole, non-negative number within u64 (a spec may type a page number as `number`).
        (self.fract() == 0.0 && *self >= 0.0 && *self < 18_446_744_073_709_551_616.0).then_some(*self as u64)
    }
}

/// The pages of a list operation, fetched by `fetch` one after the other, only when the stream is polled for the
/// next one. `fetch` gets where the page is (`None` for the first: the request as the caller wrote it) and
/// returns the page, or the error that ends the stream.
pub fn pages<T, E, F, Fut>(fetch: F) -> Pages<T, E, F, Fut>
where
    F: FnMut(Option<PageAt>) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    Pages { fetch, state: State::Ready(None), numbered: None, first: None }
}

/// A stream of pages: see [`pages`].
pub struct Pages<T, E, F, Fut: Future<Output = Result<Page<T>, E>>> {
    fetch: F,
    state: State<Fut>,
    /// The offset or page number of the page being fetched, for offset and page-number pagination.
    numbered: Option<u64>,
    /// The offset or page number the first request asked for, when the caller gave one.
    first: Option<u64>,
}

enum State<Fut> {
    /// The next page is to be fetched from there (`None`: the first request).
    Ready(Option<PageAt>),
    /// A page is being fetched.
    Fetching(Pin<Box<Fut>>, Option<PageAt>),
    /// The last page (or an error) has been yielded.
    Done,
}

impl<T, E, F, Fut: Future<Output = Result<Page<T>, E>>> Pages<T, E, F, Fut> {
    /// The offset or page number the first request asks for (the caller's argument, when given): counting
    /// continues from it. Without it, offsets count from 0 and page numbers from 1.
    pub fn starting_at(mut self, first: &impl PageNumber) -> Self {
        self.first = first.page_number();
        self
    }
}

// Nothing is ever pinned in place inside `Pages` (the page being fetched is boxed), so it moves freely.
impl<T, E, F, Fut: Future<Output = Result<Page<T>, E>>> Unpin for Pages<T, E, F, Fut> {}

impl<T, E, F, Fut> Stream for Pages<T, E, F, Fut>
where
    F: FnMut(Option<PageAt>) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    type Item = Result<Page<T>, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Ready(at) => {
                    let future = (this.fetch)(at.clone());
                    this.state = State::Fetching(Box::pin(future), at);
                }
                State::Fetching(mut future, at) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Fetching(future, at);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(page)) => {
                        if let Some(next) = this.next_of(&page).filter(|next| at.as_ref() != Some(next)) {
                            this.state = State::Ready(Some(next));
                        }
                        return Poll::Ready(Some(Ok(page)));
                    }
                },
            }
        }
    }
}

impl<T, E, F, Fut: Future<Output = Result<Page<T>, E>>> Pages<T, E, F, Fut> {
    /// Where the page after `page` is, if there is one.
    fn next_of(&mut self, page: &Page<T>) -> Option<PageAt> {
        if !page.more || page.items.is_empty() {
            return None;
        }
        match &page.next {
            Next::None => None,
            Next::At(at) => Some(at.clone()),
            Next::Offset(name) => {
                let offset = self.numbered.or(self.first).unwrap_or(0);
                let next = offset.checked_add(u64::try_from(page.items.len()).ok()?)?;
                self.numbered = Some(next);
                Some(PageAt::Query { name, value: next.to_string() })
            }
            Next::Number(name) => {
                let number = self.numbered.or(self.first).unwrap_or(1);
                let next = number.checked_add(1)?;
                self.numbered = Some(next);
                Some(PageAt::Query { name, value: next.to_string() })
            }
            Next::Link => next_link(&page.headers).map(PageAt::Url),
        }
    }
}

/// The items of a stream of pages, in order, page after page; an error is yielded as it comes (and ends a stream
/// of [`Pages`]).
pub fn items<T, E, S: Stream<Item = Result<Page<T>, E>>>(pages: S) -> Items<T, S> {
    Items { pages: Box::pin(pages), current: Vec::new().into_iter() }
}

/// A stream of items: see [`items`].
pub struct Items<T, S> {
    pages: Pin<Box<S>>,
    current: std::vec::IntoIter<T>,
}

// The pages' stream is boxed: nothing is pinned in place inside `Items`.
impl<T, S> Unpin for Items<T, S> {}

impl<T, E, S: Stream<Item = Result<Page<T>, E>>> Stream for Items<T, S> {
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.current = page.items.into_iter(),
            }
        }
    }
}

/// The target of the first `Link` header value with `rel="next"` (RFC 8288: `<https://..?page=2>; rel="next"`,
/// several links separated by commas, `rel` possibly listing several relation types).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let target = &after[..close];
            let params_end = after[close..].find('<').map_or(after.len(), |i| close + i);
            // The link's parameters, without the comma before the next link.
            let params = after[close + 1..params_end].trim_end().trim_end_matches(',');
            let is_next = params.split(';').any(|p| {
                let Some((key, value)) = p.split_once('=') else { return false };
                key.trim().eq_ignore_ascii_case("rel")
                    && value.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.trim().to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use std::task::Waker;

    fn links(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(reqwest::header::LINK, HeaderValue::from_str(v).expect("header value"));
        }
        headers
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        let h =
            links(&[r#"<https://api.github.com/r/1/issues?page=2>; rel="next", <https://x/last?page=9>; rel="last""#]);
        assert_eq!(next_link(&h).as_deref(), Some("https://api.github.com/r/1/issues?page=2"));
        let h = links(&[r#"<https://x/first>; rel="first", <https://x/n?a=1,2>; rel="prefetch next""#]);
        assert_eq!(next_link(&h).as_deref(), Some("https://x/n?a=1,2"));
        let h = links(&[r#"<https://x/prev>; rel="prev""#, r#"<https://x/n>;rel=next"#]);
        assert_eq!(next_link(&h).as_deref(), Some("https://x/n"));
        assert_eq!(next_link(&links(&[r#"<https://x/prev>; rel="prev""#])), None);
        assert_eq!(next_link(&links(&["garbage <unclosed"])), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn flags_cursors_and_numbers() {
        assert!(true.flag() && Some(true).flag() && Tristate::Value(true).flag());
        assert!(!None::<bool>.flag() && !Tristate::<bool>::Null.flag() && !Tristate::<bool>::Absent.flag());
        assert_eq!(Some("a".to_owned()).cursor().as_deref(), Some("a"));
        assert_eq!(Tristate::<String>::Null.cursor(), None);
        assert_eq!(7i64.cursor().as_deref(), Some("7"));
        assert_eq!(Some(-1i64).page_number(), None);
        assert_eq!(Some(3i32).page_number(), Some(3));
        assert_eq!(2.0f64.page_number(), Some(2));
        assert_eq!(2.5f64.page_number(), None);
    }

    type Fetched = std::future::Ready<Result<Page<u32>, String>>;

    fn page(items: Vec<u32>) -> Page<u32> {
        let response = ApiResponse::from_parts(StatusCode::OK, HeaderMap::new(), 1, ());
        Page::new(response, items)
    }

    /// Polls a stream to its end (every future here is ready at once).
    fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
        let mut cx = Context::from_waker(Waker::noop());
        let mut out = Vec::new();
        loop {
            match Pin::new(&mut stream).poll_next(&mut cx) {
                Poll::Ready(Some(item)) => out.push(item),
                Poll::Ready(None) => return out,
                Poll::Pending => panic!("every page is ready at once"),
            }
        }
    }

    #[test]
    fn cursor_pages_follow_the_last_id_until_has_more_is_false() {
        let mut asked = Vec::new();
        let stream = pages(|at: Option<PageAt>| -> Fetched {
            asked.push(at.clone());
            let start = match at {
                Some(PageAt::Query { value, .. }) => value.parse::<u32>().expect("a number") + 1,
                _ => 1,
            };
            let items: Vec<u32> = (start..start + 2).collect();
            std::future::ready(Ok(page(items).has_more(&(start < 5)).after_last("starting_after", |i| i)))
        });
        let got: Vec<u32> = collect(items(stream)).into_iter().map(|r| r.expect("no error")).collect();
        assert_eq!(got, [1, 2, 3, 4, 5, 6]);
        let q = |v: &str| Some(PageAt::Query { name: "starting_after", value: v.to_owned() });
        assert_eq!(asked, [None, q("2"), q("4")]);
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_the_stream() {
        let mut calls = 0;
        let stream = pages(|_at| -> Fetched {
            calls += 1;
            std::future::ready(match calls {
                1 => Ok(page(vec![1, 2]).cursor("cursor", "next")),
                _ => Err("page 2 failed".to_owned()),
            })
        });
        let got = collect(items(stream));
        assert_eq!(got, [Ok(1), Ok(2), Err("page 2 failed".to_owned())]);
    }

    #[test]
    fn offsets_and_page_numbers_count_on_from_the_first_request() {
        let mut asked = Vec::new();
        let stream = pages(|at: Option<PageAt>| -> Fetched {
            asked.push(at.clone());
            let n = asked.len() as u32;
            std::future::ready(Ok(page(if n < 3 { vec![n; 2] } else { Vec::new() }).offset("offset")))
        })
        .starting_at(&Some(10i64));
        assert_eq!(collect(stream).len(), 3, "the empty page ends it");
        let q = |v: &str| Some(PageAt::Query { name: "offset", value: v.to_owned() });
        assert_eq!(asked, [None, q("12"), q("14")]);

        let mut asked = Vec::new();
        let stream = pages(|at: Option<PageAt>| -> Fetched {
            asked.push(at.clone());
            std::future::ready(Ok(page(vec![1]).number("page").has_more(&(asked.len() < 3))))
        })
        .starting_at(&None::<i64>);
        assert_eq!(collect(stream).len(), 3);
        let q = |v: &str| Some(PageAt::Query { name: "page", value: v.to_owned() });
        assert_eq!(asked, [None, q("2"), q("3")]);
    }

    #[test]
    fn a_page_pointing_at_itself_ends_the_stream() {
        let mut calls = 0;
        let stream = pages(|_at| -> Fetched {
            calls += 1;
            std::future::ready(Ok(page(vec![calls]).cursor("cursor", "same")))
        });
        assert_eq!(collect(items(stream)), [Ok(1), Ok(2)]);
    }
}
