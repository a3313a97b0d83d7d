COPY match_identifiers (side, rid, owner, type, value) FROM STDIN
