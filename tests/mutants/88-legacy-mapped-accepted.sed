# mm/vma.c: __mmap_region(): an ->mmap() method may install operations with ->mapped(), never called
s/^\t\tif (unlikely(vma->vm_ops \&\& vma->vm_ops->mapped \&\&$/\t\tif (0 \&\& unlikely(vma->vm_ops \&\& vma->vm_ops->mapped \&\&/
