"""`newsflow run` whose Prefect API dies right after the load commits: a real failure of Prefect's bookkeeping.

An ``on_completion`` hook on the load task kills the temporary API server, so every later state, log and
artifact call fails as it would with Prefect's database locked for good. Used by test_cli_outcome.py.
"""

import flows.news_pipeline as pipeline
from flows import cli, prefect_api


def stop_prefect_api(task, task_run, state) -> None:
    prefect_api.server.process.kill()
    prefect_api.server.process.wait()


pipeline.load_warehouse = pipeline.load_warehouse.with_options(on_completion=[stop_prefect_api])

if __name__ == "__main__":
    cli.main()
