# mm/vma_desc.c: mmap_action_run(): a stacking caller's VMA never gets the lower ->mmap()
s/^\t\terr = call_mmap(vma->vm_file, vma);$/\t\terr = 0;/
