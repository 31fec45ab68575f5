# mm/vma_desc.c: mmap_action_run(): the pages are not inserted for a stacking caller
s/^\t\terr = vm_insert_pages(vma, action->map_kernel.start,$/\t\terr = 0 \&\& vm_insert_pages(vma, action->map_kernel.start,/
