"""The public site: a community's front and public pages as visitors read them, host names bound
to a community or a shop, what search engines read (titles, descriptions, sitemap, robots)."""
