//! What every generated client has, written once here instead of in every generated crate:
//! [`client_settings!`](crate::client_settings), the settings methods of `Client`, and
//! [`client_handle!`](crate::client_handle), the handle a client returns for a group of operations
//! (`client.interactions()`) with the per-call options every handle has.

/// The settings methods of a generated `Client` (a struct with a `config: Config` field), expanded inside its
/// `impl`: `with_transport`, `base_url`, `transport`, `with_timeout`, `with_retry_policy`,
/// `with_idempotency_header`, `with_header`, `with_query` and `with_max_body_size`.
#[macro_export]
macro_rules! client_settings {
    () => {
        /// Sends through `transport` from now on: any `tower::Service` (`Transport::service`), a function
        /// (`Transport::from_fn`), or reqwest. Credentials, headers, retries and timeouts stay above it.
        pub fn with_transport(mut self, transport: $crate::client::Transport) -> Self {
            self.config.set_transport(transport);
            self
        }

        /// The base URL every path is appended to (without a trailing `/`).
        pub fn base_url(&self) -> &str {
            self.config.base_url()
        }

        /// The transport requests go through.
        pub fn transport(&self) -> &$crate::client::Transport {
            self.config.transport()
        }

        /// Sets the timeout of every request, from connecting to the end of the response body. One call can have
        /// its own: `client.<group>().timeout(..)`.
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.set_timeout(timeout);
            self
        }

        /// Sets when calls are retried (`RetryPolicy::default()` unless set: 2 retries after connection errors,
        /// 408, 429, 502, 503 and 504, for requests that are safe to repeat). One call can have its own maximum:
        /// `client.<group>().max_retries(n)`.
        pub fn with_retry_policy(mut self, policy: $crate::client::RetryPolicy) -> Self {
            self.config.set_retry_policy(policy);
            self
        }

        /// Sends a new idempotency key in the header `name` on every POST and PATCH (the same key on each
        /// attempt), which makes them safe to retry. One call can set its own: `client.<group>().idempotency_key(..)`.
        pub fn with_idempotency_header(mut self, name: impl Into<String>) -> Self {
            self.config.set_idempotency_header(name);
            self
        }

        /// Sends a header the spec does not declare on every call. A name that is not a valid header name, or a
        /// value with a line break or another control character, is refused.
        pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, $crate::client::InvalidRequest> {
            self.config.add_header(name, value)?;
            Ok(self)
        }

        /// Sends a query parameter the spec does not declare on every call (percent-encoded).
        pub fn with_query(mut self, name: &str, value: &str) -> Self {
            self.config.add_query(name, value);
            self
        }

        /// Sets the largest response body read, in bytes (16 MiB unless set): a longer one is an error
        /// (`TransportKind::TooLarge`), read no further than the limit.
        pub fn with_max_body_size(mut self, bytes: usize) -> Self {
            self.config.set_max_body_size(bytes);
            self
        }
    };
}

/// `client_handle!(Name(Client), "doc")` defines a group's handle: `pub struct Name<'a, R = BodyOnly>` borrowing
/// the client, documented by `doc`, with per-call options
/// (`timeout`, `max_retries`, `idempotency_key`, `header`, `query`) and `with_response()`, which makes its calls
/// return an [`ApiResponse`](crate::client::ApiResponse) instead of the body alone. The generated crate adds the
/// operations (`impl<R: Respond> $name<'_, R>`) and the setters of its hoisted parameters; its operations build
/// their requests with the private `request` (the client's `request`, with the handle's options), and its paginated
/// methods their streams with `pages`. The client type must have `fn request(&self, &CallOptions, Method,
/// &'static str, &'static str, String) -> Request<'_>`.
#[macro_export]
macro_rules! client_handle {
    ($name:ident($client:ty), $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone)]
        pub struct $name<'a, R = $crate::client::BodyOnly> {
            client: &'a $client,
            options: $crate::client::CallOptions,
            respond: ::core::marker::PhantomData<R>,
        }

        impl<'a> $name<'a> {
            fn new(client: &'a $client) -> Self {
                $name { client, options: $crate::client::CallOptions::default(), respond: ::core::marker::PhantomData }
            }
        }

        impl<'a, R> $name<'a, R> {
            /// Sets the timeout of each request made through this handle (from connecting to the end of the
            /// response body), overriding the client's.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.set_timeout(timeout);
                self
            }

            /// Retries at most `n` times (as the client's retry policy says when, and how long to wait).
            pub fn max_retries(mut self, n: u32) -> Self {
                self.options.set_max_retries(n);
                self
            }

            /// Sends `key` as the idempotency key (in the client's idempotency header, `Idempotency-Key` when it
            /// has none), the same on every attempt; a POST or PATCH with a key is retried.
            pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
                self.options.set_idempotency_key(key);
                self
            }

            /// Adds a header the spec does not declare (replacing the client's of that name). A name that is not a
            /// valid header name, or a value with a line break or another control character, is refused.
            pub fn header(mut self, name: &str, value: &str) -> Result<Self, $crate::client::InvalidRequest> {
                self.options.add_header(name, value)?;
                Ok(self)
            }

            /// Adds a query parameter the spec does not declare (percent-encoded).
            pub fn query(mut self, name: &str, value: &str) -> Self {
                self.options.add_query(name, value);
                self
            }

            /// A request for the operation `id` (`method` `template`, its path filled in as `path`), with this
            /// handle's options.
            #[allow(dead_code)]
            fn request(
                &self,
                method: $crate::client::Method,
                id: &'static str,
                template: &'static str,
                path: ::std::string::String,
            ) -> $crate::client::Request<'_> {
                self.client.request(&self.options, method, id, template, path)
            }

            /// A handle with these options whose calls fetch the page at `at` of a paginated operation and return
            /// an `ApiResponse` (what a generated `<op>_pages` method fetches each page with).
            #[allow(dead_code)]
            fn paging(&self, at: Option<$crate::client::PageAt>) -> $name<'a, $crate::client::WithResponse> {
                let mut options = self.options.clone();
                options.set_page(at);
                $name { client: self.client, options, respond: ::core::marker::PhantomData }
            }

            /// The pages of a paginated operation (what a generated `<op>_pages` method returns): `fetch` gets a
            /// handle with these options set to fetch the next page (the first: the request as the caller wrote
            /// it) and returns that page.
            #[allow(dead_code)]
            fn pages<T, E, F, Fut>(
                &self,
                mut fetch: F,
            ) -> $crate::client::Pages<T, E, impl FnMut(::core::option::Option<$crate::client::PageAt>) -> Fut + 'a, Fut>
            where
                R: 'a,
                F: FnMut($name<'a, $crate::client::WithResponse>) -> Fut + 'a,
                Fut: ::core::future::Future<Output = ::core::result::Result<$crate::client::Page<T>, E>>,
            {
                let handle = self.paging(::core::option::Option::None);
                $crate::client::pages(move |at| fetch(handle.paging(at)))
            }

            /// Calls made through the returned handle give the status and headers with the body
            /// ([`ApiResponse`](oagen_runtime::client::ApiResponse)).
            pub fn with_response(self) -> $name<'a, $crate::client::WithResponse> {
                $name { client: self.client, options: self.options, respond: ::core::marker::PhantomData }
            }
        }
    };
}
