# mm/vma.c: vma_desc_complete(): failed page tables ignore the error override
s/^\t\terr = action->error_override ?: err;$/\t\t(void)action;/
