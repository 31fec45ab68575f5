# mm/vma.c: __mmap_region(): the retry merge after ->mmap() re-added (as 6.12 had it, before patch 15 removed it)
/^\t\tvm_flags = vma->vm_flags;$/i\
\t\tif (unlikely(vm_flags != vma->vm_flags && vmg.prev)) {\
\t\t\tstruct vm_area_struct *merge;\
\
\t\t\tvmg.flags = vma->vm_flags;\
\t\t\tmerge = vma_merge_new_range(&vmg);\
\t\t\tif (merge) {\
\t\t\t\tfput(vma->vm_file);\
\t\t\t\tvma_iter_free(&vmi);\
\t\t\t\tvm_area_free(vma);\
\t\t\t\tvma = merge;\
\t\t\t\tvm_flags = vma->vm_flags;\
\t\t\t\tgoto expanded;\
\t\t\t}\
\t\t\tvma_iter_config(&vmi, addr, end);\
\t\t}
