"""Building the site: both languages, the examples by name and by shard, the pinned
versions, the offline wheelhouse, the API inventories and the drawn thumbnails."""
