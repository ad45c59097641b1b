"""Runs a notebook's cells in order on a Jupyter kernel (here the .NET Interactive kernel) with Debian's nbclient,
stopping at the first failing cell, and writes the executed notebook (outputs so far, execution counts filled).

Written out and run by Research.Fsx's KernelRunner under /usr/bin/python3; prints one JSON line on stdout:
{"cells_run": N, "startup_seconds": S, "failure": null | {"cell": index in the notebook, "ename": ..., "evalue": ..., "traceback": [...]}}.
Progress goes to stderr, one line per code cell (with --echo, after what the cell printed).
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

STARTS = 3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    parser.add_argument("--startup-timeout", type=int, default=300)
    parser.add_argument("--echo", action="store_true", help="copy what each cell prints to stderr")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    launched = time.time()
    started = {}

    def on_cell_start(cell, cell_index):
        started[cell_index] = time.time()

    def on_cell_executed(cell, cell_index, execute_reply):
        if args.echo:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    print("".join(output.get("text", "")), end="", file=sys.stderr, flush=True)
        status = execute_reply.get("content", {}).get("status", "?")
        seconds = time.time() - started.get(cell_index, time.time())
        print(f"cell {cell_index + 1}/{len(nb.cells)} {status} ({seconds:.1f} s)", file=sys.stderr, flush=True)

    failure = None
    for attempt in range(1, STARTS + 1):
        client = NotebookClient(
            nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=args.startup_timeout,
            allow_errors=False, resources={"metadata": {"path": args.cwd}},
            on_cell_start=on_cell_start, on_cell_executed=on_cell_executed)
        try:
            client.execute()
            break
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            failure = first_error(nb) or {"cell": None, "ename": type(error).__name__, "evalue": str(error).strip().splitlines()[-1], "traceback": []}
            break
        except RuntimeError as error:
            # The kernel died while starting (before any cell ran), e.g. its HTTP port was taken: start another.
            if started or attempt == STARTS or "before replying to kernel_info" not in str(error):
                raise
            print(f"the kernel died while starting ({error}); starting it again", file=sys.stderr, flush=True)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(output for output in cell.outputs if not is_kernel_bootstrap(output))
    nbformat.write(nb, args.output)
    cells_run = sum(1 for c in nb.cells if c.cell_type == "code" and c.get("execution_count") is not None)
    startup = min(started.values()) - launched if started else time.time() - launched
    print(json.dumps({"cells_run": cells_run, "startup_seconds": round(startup, 3), "failure": failure}), flush=True)
    return 1 if failure else 0


def first_error(nb):
    for index, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        for output in outputs:
            if output.get("output_type") == "error":
                # The F# kernel reports compile errors as "compilation error" with the compiler's text on stderr.
                details = output.get("traceback") or [o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
                return {"cell": index, "ename": output.get("ename", ""), "evalue": output.get("evalue", ""),
                        "traceback": [line for text in details for line in "".join(text).strip("\n").splitlines()]}
    return None


def is_kernel_bootstrap(output):
    # On its first cell the kernel displays a script that finds its HTTP address from a browser; it is the
    # kernel's, not the notebook's, and several kilobytes.
    html = output.get("data", {}).get("text/html", "")
    return "dotnet-interactive-this-cell" in ("".join(html) if isinstance(html, list) else html)


def coalesce_streams(outputs):
    merged = []
    for output in outputs:
        if merged and output.get("output_type") == "stream" and merged[-1].get("output_type") == "stream" and merged[-1].get("name") == output.get("name"):
            merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


if __name__ == "__main__":
    sys.exit(main())
