"""CSV reading behind KerasBridge.DataTable: pandas.read_csv does the parsing and decides what is missing, as in the
lesson's `pd.read_csv(...)`; the cells go back to C# as text (None for missing) in one JSON string.

pandas pads a row with too few cells with empty values and renames repeated column names ("a.1"); the lesson's data
should be rejected there instead, so the stdlib csv reader checks the records first and names the line."""
import csv
import io
import json


class CsvFormatError(ValueError):
    """The text is not a table: the message names the source and line. C# raises it as InvalidDataException."""


def default_missing_values():
    """The cells pandas.read_csv reads as missing by default, as the installed pandas defines them."""
    from pandas._libs.parsers import STR_NA_VALUES

    return sorted(STR_NA_VALUES)


def read_csv(path, text, separator, missing_values, source_name):
    """Reads `path` (UTF-8) or, when path is None, `text`. `missing_values` None means pandas' defaults.
    Returns JSON {"columns": [...], "rows": [[str or null, ...], ...]}."""
    import pandas as pd

    header = _check_records(path, text, separator, source_name)
    source = io.StringIO(text) if path is None else path
    frame = pd.read_csv(
        source, sep=separator, header=0, dtype=str, quotechar='"', doublequote=True, skip_blank_lines=True,
        keep_default_na=missing_values is None, na_values=None if missing_values is None else list(missing_values),
        na_filter=True, encoding="utf-8", engine="c")
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    # The header as written: pandas would have read "NA" as a column name fine, but renames repeats.
    return json.dumps({"columns": header, "rows": rows}, ensure_ascii=False)


def _check_records(path, text, separator, source_name):
    """The header; raises CsvFormatError for no header, repeated names, a row of another width, an open quote."""
    handle = io.StringIO(text) if path is None else open(path, newline="", encoding="utf-8-sig")
    try:
        reader = csv.reader(handle, delimiter=separator, quotechar='"', doublequote=True, strict=True)
        header = None
        line = 1
        try:
            for record in reader:
                if header is None:
                    header = record
                    seen = set()
                    for name in header:
                        if name in seen:
                            raise CsvFormatError(f"{source_name}: line 1: expected distinct column names; '{name}' appears more than once.")
                        seen.add(name)
                elif record and record != [""] and len(record) != len(header):
                    raise CsvFormatError(f"{source_name}: line {line}: expected {len(header)} cells (as in the header); got {len(record)}.")
                line = reader.line_num + 1
        except csv.Error as e:
            raise CsvFormatError(f"{source_name}: line {line}: {e} (a quoted cell not closed before the end of the text?).") from None
        if header is None:
            raise CsvFormatError(f"{source_name}: expected a header line naming the columns; the text is empty.")
        return header
    finally:
        handle.close()
