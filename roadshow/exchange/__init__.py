"""Data exchange (数据交换): the ledger file in and out, street sheets, the template, exports.

- reading: an uploaded file, sniffed by content, within limits, in any encoding Chinese Excel writes;
- cells, columns: one cell to a stored value; the ledger's columns as data;
- importing: preview and commit of a ledger, all or nothing;
- exports: the ledger, follow-up list, ratings and history as xlsx or CSV;
- template: the import template; street_sheets: a street's fill-in sheet, out and back.

Nothing is imported here, so that services (which imports `importing`) and street_sheets (which
calls services) load in any order."""
