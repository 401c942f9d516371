"""`healthcheck serve`: the app under gunicorn, a real WSGI server, never Flask's dev server."""

import os

from gunicorn.app.base import BaseApplication

# No client address, user agent or referrer: survey visits must not be traceable to a person.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def default_workers() -> int:
    return max(2, (os.cpu_count() or 1) * 2 + 1)


# Each worker answers one request at a time. Python runs one thread of a process at a time,
# and the app's requests are mostly work for the processor, so threads in a worker only
# take turns on it (measured: more throughput with one thread each than with four);
# the workers are what use every core, and a spare one covers a worker waiting on the disk.
DEFAULT_THREADS = 1


class Server(BaseApplication):
    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def compile_templates(app) -> int:
    """Compile every page template once, before the workers fork: they share the result
    instead of each compiling a template on the first request that needs it."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def serve(
    app,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int | None = None,
    access_log: str = "-",
    threads: int = DEFAULT_THREADS,
) -> None:
    compile_templates(app)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": access_log,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        "forwarded_allow_ips": "127.0.0.1",
    }
    Server(app, options).run()
