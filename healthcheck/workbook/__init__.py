"""The Excel action-plan workbook: cells and styles, one module per sheet, building, importing."""
