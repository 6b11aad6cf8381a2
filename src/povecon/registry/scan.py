"""Pointing povecon at Parquet files too large to read into memory."""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import InputError
from ._frames import _dask


def scan(path: Any, columns: Sequence[str] | None = None, *, blocksize: Any = None,
         read_options: dict | None = None):
    """Parquet files as a lazy dask DataFrame, for any estimator that accepts one.

    Nothing is read until an estimator runs; each estimator then reads only the
    columns it uses, partition by partition, so the data never has to fit in memory.

    Parameters
    ----------
    path : str, pathlib.Path or list
        A Parquet file, a folder of them, a glob (``"register/*.parquet"``) or a list.
        Remote stores (``s3://``, ``gs://`` ...) work when their fsspec driver is installed.
    columns : list of str, optional
        Read only these columns.
    blocksize : int or str, optional
        Split large files into partitions of about this size (e.g. ``"256MiB"``); by
        default one partition per Parquet row group or file, as dask reads them.
    read_options : dict, optional
        More options for ``dask.dataframe.read_parquet`` (``filters``, ``storage_options`` ...).

    Returns
    -------
    dask.dataframe.DataFrame
        The lazy frame. Pass it as ``data`` to :func:`povecon.fgt`, :func:`povecon.gini`,
        :func:`povecon.mpi` ...

    Raises
    ------
    InputError
        dask is not installed, or the path holds no Parquet data.

    Examples
    --------
    >>> import povecon as pe                                       # doctest: +SKIP
    >>> reg = pe.scan("register/*.parquet")                        # doctest: +SKIP
    >>> pe.fgt(reg, "income", line=2300, alpha=[0, 1, 2],
    ...        design=pe.SurveyDesign(weights="w", strata="county", psu="village"))  # doctest: +SKIP
    """
    dask = _dask()
    import dask.dataframe as dd

    del dask
    kw = dict(read_options or {})
    if blocksize is not None:
        kw["blocksize"] = blocksize
    try:
        out = dd.read_parquet(path, columns=None if columns is None else list(columns), **kw)
        empty = out.npartitions == 0 or len(out.columns) == 0
    except (FileNotFoundError, OSError, ValueError, IndexError) as exc:
        raise InputError(f"cannot read Parquet data at {path!r}: {exc}") from None
    if empty:
        raise InputError(f"cannot read Parquet data at {path!r}: no Parquet files or no columns there")
    return out
