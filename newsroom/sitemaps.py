"""The sitemap index: every app's sitemaps, one section each (sitemap-<section>.xml)."""

from articles.sitemaps import StorySitemap, TagSitemap
from artists.sitemaps import ArtistSitemap, ReleaseSitemap

SITEMAPS = {
    "stories": StorySitemap,
    "artists": ArtistSitemap,
    "releases": ReleaseSitemap,
    "tags": TagSitemap,
}
