COPY match_records (side, rid, owner, title_key, main_key, year) FROM STDIN
