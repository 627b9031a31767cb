//! The contract between a generated client and this runtime, in types: a generated `Client` implements
//! [`ApiClient`], each operation's request builder holds a [`Call`] and implements [`Operation`] (and, through
//! [`call_builder!`](crate::call_builder), [`Builder`] and the per-call options every builder has), and
//! [`WithResponse`] and [`pages_of`] work on any of them.
//!
//! A generated call reads `client.issues().list_for_repo("o", "r").state(State::Open).per_page(100).await?`: the
//! operation's method takes what the call cannot do without (path parameters, a required body) and returns the
//! builder; every other input is a setter; the builder is awaited directly (`IntoFuture`) or sent with `send()`.

use super::call::{CallOptions, Config, Endpoint, Request, Respond};
use super::error::Error;
use super::paginate::{Page, PageAt, Pages};
use super::{Method, Response, StreamingResponse};
use serde::Serialize;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// What a generated `Client` gives the runtime: its settings and the type of its documented error bodies.
pub trait ApiClient {
    /// The crate's `ErrorBody` (or [`NoErrorBody`](super::NoErrorBody) when the spec documents none).
    type ErrorBody;
    /// The client's settings.
    fn config(&self) -> &Config;
    /// The client's settings, to change them.
    fn config_mut(&mut self) -> &mut Config;
}

/// The future of one call: boxed, so that a builder can name it as its `IntoFuture::IntoFuture`.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What every request builder holds: the client it is sent through and the options of this one call (timeout,
/// retries, idempotency key, headers and query parameters the spec does not declare, hoisted parameters).
pub struct Call<'a, C> {
    client: &'a C,
    options: CallOptions,
}

impl<'a, C> Call<'a, C> {
    /// A call through `client`, with the client's settings.
    pub fn new(client: &'a C) -> Self {
        Call { client, options: CallOptions::default() }
    }

    /// The client.
    pub fn client(&self) -> &'a C {
        self.client
    }

    /// The call's options.
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// The call's options, to change them.
    pub fn options_mut(&mut self) -> &mut CallOptions {
        &mut self.options
    }

    /// Sets the hoisted parameter `name` (its wire name) for this call, overriding the client's.
    pub fn set_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.options.set_param(name, value);
    }
}

impl<'a, C: ApiClient> Call<'a, C> {
    /// A request for the operation `id` (`method` `template`, its path filled in and encoded as `path`), with the
    /// client's settings and this call's options.
    pub fn request(&self, method: Method, id: &'static str, template: &'static str, path: String) -> Request<'_> {
        Request::new(self.client.config(), &self.options, Endpoint { id, method, path: template }, path)
    }

    /// Sends `request` (again as the retry policy allows) and reads the whole response.
    pub async fn send(&self, request: Request<'_>) -> Result<Response, Error<C::ErrorBody>> {
        request.send().await
    }

    /// Sends `request` (again as the retry policy allows) and gives back the response once its head has arrived.
    pub async fn send_streaming(&self, request: Request<'_>) -> Result<StreamingResponse, Error<C::ErrorBody>> {
        request.send_streaming().await
    }
}

impl<C> Clone for Call<'_, C> {
    fn clone(&self) -> Self {
        Call { client: self.client, options: self.options.clone() }
    }
}

impl<C> std::fmt::Debug for Call<'_, C> {
    /// The options only (which never show a value): the client is the caller's, and printed where it is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.options.fmt(f)
    }
}

/// A request builder: where its per-call options are. Implemented by [`call_builder!`](crate::call_builder).
pub trait Builder {
    /// The call's options.
    fn options_mut(&mut self) -> &mut CallOptions;
}

/// A request builder whose required inputs are all given: what can be sent.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent yet: a required parameter is not set",
    label = "a setter of a required parameter has not been called",
    note = "each type parameter of the builder that is `Unset` names a required parameter: call its setter"
)]
pub trait Operation: Builder + Sized + Send {
    /// The success type.
    type Output;
    /// The body type of documented error statuses.
    type ErrorBody;
    /// The future of the call whose success is returned as `R` says (a [`CallFuture`] in generated code).
    type Future<R: Respond>: Future<Output = Result<R::Output<Self::Output>, Error<Self::ErrorBody>>> + Send;
    /// Sends the call; its success returned as `R` says (the body alone, or with status and headers).
    fn send_as<R: Respond>(self) -> Self::Future<R>;
}

/// A required parameter of a builder that has not been set yet (its type parameter before the setter is called):
/// a builder with one is not an [`Operation`] and cannot be sent, so forgetting it is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unset;

/// A call whose success comes with the response's status and headers ([`ApiResponse`](super::ApiResponse)): what
/// a builder's `with_response()` returns. Await it, or [`send`](Self::send) it.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct WithResponse<B>(B);

impl<B: Operation> WithResponse<B> {
    /// The call `builder`, answered with status and headers.
    pub fn new(builder: B) -> Self {
        WithResponse(builder)
    }

    /// Sends the call: the same as awaiting it.
    pub async fn send(self) -> Result<super::ApiResponse<B::Output>, Error<B::ErrorBody>> {
        self.0.send_as::<super::call::FullResponse>().await
    }
}

impl<B: Operation> IntoFuture for WithResponse<B> {
    type Output = Result<super::ApiResponse<B::Output>, Error<B::ErrorBody>>;
    type IntoFuture = B::Future<super::call::FullResponse>;

    fn into_future(self) -> Self::IntoFuture {
        self.0.send_as::<super::call::FullResponse>()
    }
}

/// The pages of a paginated operation (what a generated builder's `pages()` returns): each page is `call` sent
/// again with the page's place set ([`PageAt`]; the first: the call as the caller wrote it), and `page` turns its
/// response into a [`Page`].
pub fn pages_of<'a, B, T, E, F, Fut>(call: B, mut page: F) -> Pages<T, E, impl FnMut(Option<PageAt>) -> Fut + 'a, Fut>
where
    B: Operation + Clone + 'a,
    F: FnMut(WithResponse<B>) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    super::paginate::pages(move |at| {
        let mut call = call.clone();
        call.options_mut().set_page(at);
        page(WithResponse(call))
    })
}

/// `call_builder!(Name -> T, ErrorBody)` gives the request builder `Name<'a>` (a struct with a `call: Call<'a,
/// Client>` field) its per-call options (`with_timeout`, `with_max_retries`, `with_retry_policy`,
/// `with_idempotency_key`, `with_header`, `with_query`), [`Builder`], and `Debug` (which shows no value: a parameter
/// may be a credential); and, once it is an [`Operation`] with the success type `T` and the error body `ErrorBody`,
/// `with_response`, `send` and `IntoFuture`, so that it is awaited directly. A builder whose required parameters
/// are type parameters (`Unset` until their setters are called) lists them: `call_builder!(Name[Q] -> T,
/// ErrorBody)`. The generator keeps setters clear of these names ([`crate::names::BUILDER_METHODS`]).
#[macro_export]
macro_rules! call_builder {
    ($name:ident $([$($p:ident),+])? -> $out:ty, $error:ty) => {
        $crate::call_builder!(@impl $name<'a $($(, $p)+)?> -> $out, $error);
    };
    (@impl $name:ident<$lt:lifetime $(, $p:ident)*> -> $out:ty, $error:ty) => {
        impl<$lt $(, $p)*> $name<$lt $(, $p)*> {
            /// Sets the timeout of this call, overriding the client's.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.options_mut().set_timeout(timeout);
                self
            }

            /// Retries this call at most `n` times (as the retry policy says when, and how long to wait).
            pub fn with_max_retries(mut self, n: u32) -> Self {
                self.call.options_mut().set_max_retries(n);
                self
            }

            /// Retries this call as `policy` says, instead of the client's policy.
            pub fn with_retry_policy(mut self, policy: $crate::client::RetryPolicy) -> Self {
                self.call.options_mut().set_retry_policy(policy);
                self
            }

            /// Sends `key` as the idempotency key (in the client's idempotency header, `Idempotency-Key` when it
            /// has none), the same on every attempt; a POST or PATCH with a key is retried.
            pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
                self.call.options_mut().set_idempotency_key(key);
                self
            }

            /// Adds a header the spec does not declare (replacing the client's of that name). A name that is not
            /// a valid header name, or a value with a line break or another control character, fails the call
            /// with `Error::InvalidRequest` before anything is sent.
            pub fn with_header(mut self, name: &str, value: &str) -> Self {
                self.call.options_mut().add_header_when_sent(name, value);
                self
            }

            /// Adds a query parameter the spec does not declare (percent-encoded).
            pub fn with_query(mut self, name: &str, value: &str) -> Self {
                self.call.options_mut().add_query(name, value);
                self
            }
        }

        impl<$lt $(, $p)*> $name<$lt $(, $p)*>
        where
            Self: $crate::client::Operation<Output = $out, ErrorBody = $error>,
        {
            /// Answers this call with the response's status and headers besides the body
            /// ([`ApiResponse`](oagen_runtime::client::ApiResponse)).
            pub fn with_response(self) -> $crate::client::WithResponse<Self> {
                $crate::client::WithResponse::new(self)
            }

            /// Sends the call: the same as awaiting it.
            pub async fn send(self) -> ::core::result::Result<$out, $crate::client::Error<$error>> {
                $crate::client::Operation::send_as::<$crate::client::BodyOnly>(self).await
            }
        }

        impl<$lt $(, $p)*> ::std::future::IntoFuture for $name<$lt $(, $p)*>
        where
            Self: $crate::client::Operation<Output = $out, ErrorBody = $error>,
        {
            type Output = ::core::result::Result<$out, $crate::client::Error<$error>>;
            type IntoFuture = <Self as $crate::client::Operation>::Future<$crate::client::BodyOnly>;

            fn into_future(self) -> Self::IntoFuture {
                $crate::client::Operation::send_as::<$crate::client::BodyOnly>(self)
            }
        }

        impl<$lt $(, $p)*> $crate::client::Builder for $name<$lt $(, $p)*> {
            fn options_mut(&mut self) -> &mut $crate::client::CallOptions {
                self.call.options_mut()
            }
        }

        impl<$lt $(, $p)*> ::std::fmt::Debug for $name<$lt $(, $p)*> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(::std::stringify!($name))
                    .field("options", self.call.options())
                    .finish_non_exhaustive()
            }
        }
    };
}

/// The settings methods of a generated `Client` (an [`ApiClient`](crate::client::ApiClient)), expanded inside its
/// `impl`: `with_transport`, `base_url`, `transport`, `with_timeout`, `with_retry_policy`,
/// `with_idempotency_header`, `with_header`, `with_query` and `with_max_body_size`.
#[macro_export]
macro_rules! client_settings {
    () => {
        /// Sends through `transport` from now on: any `tower::Service` (`Transport::service`), a function
        /// (`Transport::from_fn`), or reqwest. Credentials, headers, retries and timeouts stay above it.
        pub fn with_transport(mut self, transport: $crate::client::Transport) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_transport(transport);
            self
        }

        /// The base URL every path is appended to (without a trailing `/`).
        pub fn base_url(&self) -> &str {
            $crate::client::ApiClient::config(self).base_url()
        }

        /// The transport requests go through.
        pub fn transport(&self) -> &$crate::client::Transport {
            $crate::client::ApiClient::config(self).transport()
        }

        /// Sets the timeout of every request, from connecting to the end of the response body. One call can have
        /// its own: `.with_timeout(..)` on its builder.
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_timeout(timeout);
            self
        }

        /// Sets when calls are retried (`RetryPolicy::default()` unless set: 2 retries after connection errors,
        /// 408, 429, 502, 503 and 504, for requests that are safe to repeat). One call can have its own:
        /// `.with_retry_policy(..)` or `.with_max_retries(n)` on its builder.
        pub fn with_retry_policy(mut self, policy: $crate::client::RetryPolicy) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_retry_policy(policy);
            self
        }

        /// Sends a new idempotency key in the header `name` on every POST and PATCH (the same key on each
        /// attempt), which makes them safe to retry. One call can set its own: `.with_idempotency_key(..)` on its builder.
        pub fn with_idempotency_header(mut self, name: impl Into<String>) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_idempotency_header(name);
            self
        }

        /// Sends a header the spec does not declare on every call. A name that is not a valid header name, or a
        /// value with a line break or another control character, is refused.
        pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, $crate::client::InvalidRequest> {
            $crate::client::ApiClient::config_mut(&mut self).add_header(name, value)?;
            Ok(self)
        }

        /// Sends a query parameter the spec does not declare on every call (percent-encoded).
        pub fn with_query(mut self, name: &str, value: &str) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).add_query(name, value);
            self
        }

        /// Sets the largest response body read, in bytes (16 MiB unless set): a longer one is an error
        /// (`TransportKind::TooLarge`), read no further than the limit.
        pub fn with_max_body_size(mut self, bytes: usize) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_max_body_size(bytes);
            self
        }
    };
}
