"""Writing a great many rows into one table quickly: one prepared statement that inserts
ROWS_PER_STATEMENT rows at a time, run again and again, then one for the rows left over.

SQLite keeps its cursors open across the rows of one statement, so a row costs far less
than with a statement per row. Rows go in in the order given, so rowids are the same as
inserting them one by one. Each statement binds ROWS_PER_STATEMENT × columns values, below
the 999 the oldest SQLite builds allow.
"""

from __future__ import annotations

from itertools import chain, islice

ROWS_PER_STATEMENT = 300


def insert_rows(conn, table: str, columns: tuple[str, ...], rows) -> None:
    """Insert every row of `rows` (an iterable of tuples, one value per column) into `table`."""
    width = len(columns)
    values = chain.from_iterable(rows)
    full = ROWS_PER_STATEMENT * width
    left_over = []

    def statements():
        while True:
            parameters = tuple(islice(values, full))
            if len(parameters) < full:
                left_over.extend(parameters)
                return
            yield parameters

    conn.executemany(_statement(table, columns, ROWS_PER_STATEMENT), statements())
    if len(left_over) % width:
        raise ValueError(f"every row inserted into {table} needs {width} values")
    if left_over:
        conn.execute(_statement(table, columns, len(left_over) // width), left_over)


def _statement(table: str, columns: tuple[str, ...], rows: int) -> str:
    row = f"({', '.join('?' * len(columns))})"
    return f"insert into {table} ({', '.join(columns)}) values {', '.join([row] * rows)}"
