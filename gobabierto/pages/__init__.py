"""The site map and what each page shows: addresses, pagination, facets, tracking, charts, feed, calendar, routes, rendering with Jinja."""
