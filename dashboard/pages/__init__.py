"""One module per public page: the page, its htmx partials, its downloads and its embed."""
