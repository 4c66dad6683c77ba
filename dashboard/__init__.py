"""Every public page in every format (HTML, htmx partials, downloads, embeds): reads only."""
