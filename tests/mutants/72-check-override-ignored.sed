# mm/vma_desc.c: call_mmap_prepare(): a quiet refusal of the action ignores its error override
s/^\t\t\terr = desc->action.error_override ?: err;$/\t\t\t(void)err;/
