# mm/vma.c: vma_desc_complete(): the pages are not inserted
s/^\t\terr = vm_insert_pages(vma, action->map_kernel.start,$/\t\terr = 0 \&\& vm_insert_pages(vma, action->map_kernel.start,/
