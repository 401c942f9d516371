"""URL parts the app's routes read: whole numbers that fit the database's ids."""

from werkzeug.routing import IntegerConverter

# SQLite stores an integer in 8 bytes; a larger number in a URL cannot be an id of ours.
LARGEST_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """<int:...> for a number from 0 up to the largest id SQLite holds; a URL with a larger
    one matches no page (404), where it would overflow SQLite's integers (500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=LARGEST_ID if max is None else max, signed=signed)


def init_app(app) -> None:
    """Before any blueprint is registered: each route's converter is chosen as it is added."""
    app.url_map.converters["int"] = IdConverter
