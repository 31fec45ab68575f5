# mm/vma.c: vma_matches_desc(): page protection no longer compared (the VMA's compared with itself)
s/^\t       pgprot_val(vm_pgprot_modify(desc->page_prot, vma->vm_flags));$/\t       pgprot_val(vm_pgprot_modify(vma->vm_page_prot, vma->vm_flags));/
