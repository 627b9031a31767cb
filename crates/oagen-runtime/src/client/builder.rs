//! The contract between a generated client and this runtime, in types. A generated crate has one request builder
//! type, `Call<'a, P>` (from [`client_calls!`](crate::client_calls)), whose `P` holds one operation's inputs: its
//! per-call options, `with_response`, `send` and `IntoFuture` are written once for every operation, and each
//! operation adds only its setters (`impl Call<'_, params::ListForRepo>`) and its [`Operation`], which sends it.
//! The generated `Client` is an [`ApiClient`]; [`WithResponse`] and [`pages_of`] work on any [`Sendable`] call.
//!
//! A generated call reads `client.issues().list_for_repo("o", "r").state(State::Open).per_page(100).await?`: the
//! operation's method takes what the call cannot do without (path parameters, a required body) and returns the
//! builder; every other input is a setter; the builder is awaited directly (`IntoFuture`) or sent with `send()`.

use super::call::{CallOptions, Config, Endpoint, Request};
use super::error::Error;
use super::paginate::{Page, PageAt, Pages};
use super::respond::{FullResponse, Respond};
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

/// The future of a call that answers a `T`, or an [`Error`] whose documented error bodies are `B`s.
pub type Reply<'a, T, B> = CallFuture<'a, Result<T, Error<B>>>;

/// What every call holds besides its inputs: the client it is sent through and the options of this one call
/// (timeout, retries, idempotency key, headers and query parameters the spec does not declare, hoisted parameters).
pub struct Sender<'a, C> {
    client: &'a C,
    options: CallOptions,
}

impl<'a, C> Sender<'a, C> {
    /// A call through `client`, with the client's settings.
    pub fn new(client: &'a C) -> Self {
        Sender { client, options: CallOptions::default() }
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

impl<'a, C: ApiClient> Sender<'a, C> {
    /// The request of the operation `id` (`method` `template`, its path filled in and encoded as `path`), with the
    /// client's settings and this call's options.
    pub fn into_request(self, method: Method, id: &'static str, template: &'static str, path: String) -> Request<'a> {
        Request::new(self.client.config(), self.options, Endpoint { id, method, path: template }, path)
    }
}

impl<C> Clone for Sender<'_, C> {
    fn clone(&self) -> Self {
        Sender { client: self.client, options: self.options.clone() }
    }
}

impl<C> std::fmt::Debug for Sender<'_, C> {
    /// The options only (which never show a value): the client is the caller's, and printed where it is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.options.fmt(f)
    }
}

/// The inputs of one operation's call, which can be sent once every required input is given (a generated
/// `params::<Operation>` whose type parameters are all set): what the operation's request is and how its responses
/// are answered. The sending, which every operation shares, is [`Operation::send_as`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent yet: a required parameter is not set",
    label = "a setter of a required parameter has not been called",
    note = "each type parameter of the call that is `Unset` names a required parameter: call its setter"
)]
pub trait Operation<'a, C: ApiClient + Sync + 'a>: Sized + Send + 'a {
    /// The success type.
    type Output: Send;
    /// Whether a success is read as a stream (events, a download): the response is then answered by
    /// [`answer_streaming`](Self::answer_streaming) once its head has arrived.
    const STREAMS: bool = false;
    /// The request, assembled from these inputs and `sender` (the client and the call's options).
    fn request(self, sender: Sender<'a, C>) -> Result<Request<'a>, Error<C::ErrorBody>>;
    /// The answer to a response read whole: the success, or the error its status documents.
    fn answer(response: Response) -> Result<Self::Output, Error<C::ErrorBody>>;
    /// The answer to a response whose body is not read yet (when [`STREAMS`](Self::STREAMS)): a streamed success,
    /// or the response to read whole and [`answer`](Self::answer).
    fn answer_streaming(response: StreamingResponse) -> Result<Streamed<Self::Output>, Error<C::ErrorBody>> {
        Ok(Streamed::ReadWhole(response))
    }

    /// Sends the call through `sender`; its success returned as `R` says (the body alone, or with status and
    /// headers).
    fn send_as<R: Respond>(self, sender: Sender<'a, C>) -> Reply<'a, R::Output<Self::Output>, C::ErrorBody>
    where
        C::ErrorBody: Send,
    {
        let request = self.request(sender);
        Box::pin(async move {
            let request = request?;
            if !Self::STREAMS {
                let response = request.send().await?;
                let head = super::Head::of::<R>(&response);
                return head.finish::<R, _, _>(Self::answer(response));
            }
            let response = request.send_streaming().await?;
            let head = super::Head::of_streaming::<R>(&response);
            let result = match Self::answer_streaming(response)? {
                Streamed::Done(value) => Ok(value),
                Streamed::ReadWhole(response) => Self::answer(response.read().await?),
            };
            head.finish::<R, _, _>(result)
        })
    }
}

/// How a response whose body is not read yet is answered: a success read as a stream, or the response to read
/// whole.
#[derive(Debug)]
pub enum Streamed<T> {
    /// The answer.
    Done(T),
    /// Another status: read its body whole, then answer it.
    ReadWhole(StreamingResponse),
}

/// A call's per-call options (what a generated `Call` gives the runtime's page loop).
pub trait Options {
    /// The call's options.
    fn options_mut(&mut self) -> &mut CallOptions;
}

/// A call that can be sent: a generated `Call` whose inputs are an [`Operation`].
pub trait Sendable<'a>: Options + Sized + Send + 'a {
    /// The success type.
    type Output;
    /// The body type of documented error statuses.
    type ErrorBody;
    /// Sends the call; its success returned as `R` says.
    fn send_as<R: Respond>(self) -> Reply<'a, R::Output<Self::Output>, Self::ErrorBody>;
}

/// A required parameter of a call that has not been set yet (its type parameter before the setter is called): a
/// call with one is not an [`Operation`] and cannot be sent, so forgetting it is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unset;

/// A call whose success comes with the response's status and headers ([`ApiResponse`](super::ApiResponse)): what
/// a call's `with_response()` returns. Await it, or [`send`](Self::send) it.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct WithResponse<'a, B>(B, std::marker::PhantomData<&'a ()>);

impl<'a, B: Sendable<'a>> WithResponse<'a, B> {
    /// The call `call`, answered with status and headers.
    pub fn new(call: B) -> Self {
        WithResponse(call, std::marker::PhantomData)
    }

    /// Sends the call: the same as awaiting it.
    pub fn send(self) -> Reply<'a, super::ApiResponse<B::Output>, B::ErrorBody> {
        self.0.send_as::<FullResponse>()
    }
}

impl<'a, B: Sendable<'a>> IntoFuture for WithResponse<'a, B> {
    type Output = Result<super::ApiResponse<B::Output>, Error<B::ErrorBody>>;
    type IntoFuture = CallFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.0.send_as::<FullResponse>()
    }
}

/// The pages of a paginated operation (what a generated call's `pages()` returns): each page is `call` sent again
/// with the page's place set ([`PageAt`]; the first: the call as the caller wrote it), and `page` turns its
/// response (status and headers) and body into a [`Page`].
// The fetching closure has no name to give its type a shorter one.
#[allow(clippy::type_complexity)]
pub fn pages_of<'a, B, T, F>(
    call: B,
    page: F,
) -> Pages<
    T,
    Error<B::ErrorBody>,
    impl FnMut(Option<PageAt>) -> Reply<'a, Page<T>, B::ErrorBody> + 'a,
    Reply<'a, Page<T>, B::ErrorBody>,
>
where
    B: Sendable<'a> + Clone,
    B::Output: Send,
    B::ErrorBody: Send + 'a,
    T: 'a,
    F: Fn(super::ApiResponse<()>, B::Output) -> Page<T> + Send + Sync + Copy + 'a,
{
    super::paginate::pages(move |at| {
        let mut call = call.clone();
        call.options_mut().set_page(at);
        let sent = call.send_as::<FullResponse>();
        let next: Reply<'a, Page<T>, B::ErrorBody> = Box::pin(async move {
            let (response, body) = sent.await?.split();
            Ok(page(response, body))
        });
        next
    })
}

/// `client_calls!(Client)` defines a generated crate's request builder, `Call<'a, P>`: a call through `Client` of the
/// operation whose inputs `P` holds (`params::<Operation>`, set by the setters each operation adds), with the
/// per-call options every call has (`with_timeout`, `with_max_retries`, `with_retry_policy`, `with_idempotency_key`,
/// `with_header`, `with_query`), and, once its inputs are an [`Operation`], `with_response`, `send` and
/// `IntoFuture`, so that it is awaited directly. Its `Debug` names the operation and shows no value (a parameter
/// may be a credential). The generator keeps setters clear of these names ([`crate::names::CALL_METHODS`]).
#[macro_export]
macro_rules! client_calls {
    ($client:ident) => {
        /// A call of an operation, made by the operation's method (`client.<group>().<method>(..)`, whose docs list
        /// its setters) and sent when it is awaited (or with [`send`](Self::send)). `P` holds the operation's
        /// inputs; each operation's type names it (`InteractionsUpdate<'a>`), with the setters of its own inputs.
        #[must_use = "a call does nothing until it is awaited"]
        pub struct Call<'a, P> {
            sender: $crate::client::Sender<'a, $client>,
            params: P,
        }

        impl<'a, P> Call<'a, P> {
            /// A call through `client` with the inputs `params`.
            fn from_params(client: &'a $client, params: P) -> Self {
                Call { sender: $crate::client::Sender::new(client), params }
            }

            /// The same call with its inputs changed by `f` (a required input set: the type changes).
            #[allow(dead_code)]
            fn map_params<Q>(self, f: impl FnOnce(P) -> Q) -> Call<'a, Q> {
                Call { sender: self.sender, params: f(self.params) }
            }

            /// Sets the timeout of this call, overriding the client's.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.sender.options_mut().set_timeout(timeout);
                self
            }

            /// Retries this call at most `n` times (as the retry policy says when, and how long to wait).
            pub fn with_max_retries(mut self, n: u32) -> Self {
                self.sender.options_mut().set_max_retries(n);
                self
            }

            /// Retries this call as `policy` says, instead of the client's policy.
            pub fn with_retry_policy(mut self, policy: $crate::client::RetryPolicy) -> Self {
                self.sender.options_mut().set_retry_policy(policy);
                self
            }

            /// Sends `key` as the idempotency key (in the client's idempotency header, `Idempotency-Key` when it
            /// has none), the same on every attempt; a POST or PATCH with a key is retried.
            pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
                self.sender.options_mut().set_idempotency_key(key);
                self
            }

            /// Adds a header the spec does not declare (replacing the client's of that name). A name that is not
            /// a valid header name, or a value with a line break or another control character, fails the call
            /// with `Error::InvalidRequest` before anything is sent.
            pub fn with_header(mut self, name: &str, value: &str) -> Self {
                self.sender.options_mut().add_header_when_sent(name, value);
                self
            }

            /// Adds a query parameter the spec does not declare (percent-encoded).
            pub fn with_query(mut self, name: &str, value: &str) -> Self {
                self.sender.options_mut().add_query(name, value);
                self
            }
        }

        impl<'a, P: $crate::client::Operation<'a, $client>> Call<'a, P> {
            /// Answers this call with the response's status and headers besides the body
            /// ([`ApiResponse`](oagen_runtime::client::ApiResponse)).
            pub fn with_response(self) -> $crate::client::WithResponse<'a, Self> {
                $crate::client::WithResponse::new(self)
            }

            /// Sends the call: the same as awaiting it.
            pub fn send(
                self,
            ) -> $crate::client::Reply<'a, P::Output, <$client as $crate::client::ApiClient>::ErrorBody> {
                self.params.send_as::<$crate::client::BodyOnly>(self.sender)
            }
        }

        impl<'a, P: $crate::client::Operation<'a, $client>> ::std::future::IntoFuture for Call<'a, P> {
            type Output = ::core::result::Result<
                P::Output,
                $crate::client::Error<<$client as $crate::client::ApiClient>::ErrorBody>,
            >;
            type IntoFuture = $crate::client::CallFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.params.send_as::<$crate::client::BodyOnly>(self.sender)
            }
        }

        impl<'a, P: $crate::client::Operation<'a, $client>> $crate::client::Sendable<'a> for Call<'a, P> {
            type Output = P::Output;
            type ErrorBody = <$client as $crate::client::ApiClient>::ErrorBody;

            fn send_as<R: $crate::client::Respond>(
                self,
            ) -> $crate::client::Reply<'a, R::Output<P::Output>, <$client as $crate::client::ApiClient>::ErrorBody>
            {
                self.params.send_as::<R>(self.sender)
            }
        }

        impl<P> $crate::client::Options for Call<'_, P> {
            fn options_mut(&mut self) -> &mut $crate::client::CallOptions {
                self.sender.options_mut()
            }
        }

        impl<P: Clone> Clone for Call<'_, P> {
            fn clone(&self) -> Self {
                Call { sender: self.sender.clone(), params: self.params.clone() }
            }
        }

        impl<P> ::std::fmt::Debug for Call<'_, P> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Call")
                    .field("operation", &::std::any::type_name::<P>())
                    .field("options", self.sender.options())
                    .finish_non_exhaustive()
            }
        }
    };
}

/// The settings methods of a generated `Client` (an [`ApiClient`](crate::client::ApiClient)), expanded inside its
/// `impl`: `with_transport`, `base_url`, `transport`, `with_timeout`, `with_retry_policy`, `with_retry_budget`,
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

        /// Sets how long each call may take, all of it: every attempt (connecting, sending, reading the whole
        /// response), the waits between retries and a `Retry-After` (default 60 s, `DEFAULT_TIMEOUT`). A server
        /// that asks for a longer wait than is left ends the call with a timeout error naming both. One call can
        /// have its own: `.with_timeout(..)` on its builder.
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

        /// Sets the retries all calls of this client (and its clones) share: `RetryBudget::default()` allows a
        /// burst of 10, then one retry per 10 calls, so that failing calls cannot multiply the load on a server in
        /// trouble; `RetryBudget::unlimited()` leaves only each call's policy.
        pub fn with_retry_budget(mut self, budget: $crate::client::RetryBudget) -> Self {
            $crate::client::ApiClient::config_mut(&mut self).set_retry_budget(budget);
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
