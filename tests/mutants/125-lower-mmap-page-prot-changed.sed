# mm/vma_desc.c: mmap_action_violation(): a stacking hook may change the page protection of a mapping it left to a lower ->mmap()
s/^\t\t    pgprot_val(action->lower.page_prot) ||$/\t\t    pgprot_val(desc->page_prot) ||/
